using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;

namespace KeneyApp.Features.Accounts;

/// <summary>Tenant admins manage the accounts of their own clinic.</summary>
public static class UsersEndpoints
{
    public static IServiceCollection AddUserManagement(this IServiceCollection services) => services
        .AddScoped<ListUsers>().AddScoped<CreateUser>().AddScoped<UpdateUser>().AddScoped<ResetPassword>().AddScoped<ResetMfa>()
        .AddNavLink("Nav.Users", "/admin/users", 80, PermissionPolicies.Name(Permission.UsersManage));

    public static void MapUsers(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/api/v1/users").WithTags("Users")
            .RequirePermission(Permission.UsersManage).RequireRateLimiting(RateLimits.Api)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);

        users.MapGet("", async ([AsParameters] Paging paging, string? role, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "is_active")] bool? isActive, ListUsers handler, HttpResponse response, CancellationToken ct) =>
            {
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                var (items, total) = await handler.HandleAsync(new UserQuery(role, isActive, paging.Offset, paging.Count), ct);
                return Paging.Page(response, items, total);
            })
            .WithName("listUsers").WithSummary("Users of the caller's clinic").Produces<IReadOnlyList<UserResponse>>().ProducesProblem(400);
        users.MapPost("", async (CreateUserRequest body, CreateUser handler, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(created => TypedResults.Created($"/api/v1/users/{created.User.Id}", created)))
            .WithName("createUser").WithSummary("Add a staff account to the caller's clinic")
            .Produces<CreatedUserResponse>(201).ProducesProblem(400).ProducesProblem(409);
        users.MapGet("/{id:int}", async (int id, UpdateUser handler, CancellationToken ct) => (await handler.GetAsync(id, ct)).ToHttp(TypedResults.Ok))
            .WithName("getUser").WithSummary("One user of the caller's clinic").Produces<UserResponse>().ProducesProblem(404);
        users.MapPatch("/{id:int}", async (int id, UpdateUserRequest body, UpdateUser handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, body, ct)).ToHttp(TypedResults.Ok))
            .WithName("updateUser").WithSummary("Change a user's name, role, active or locked state")
            .Produces<UserResponse>().ProducesProblem(400).ProducesProblem(404);
        users.MapPost("/{id:int}/reset-password", async (int id, ResetPasswordRequest? body, ResetPassword handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, body, ct)).ToHttp(TypedResults.Ok))
            .WithName("resetUserPassword").WithSummary("Set or generate a new password and end the user's sessions")
            .Produces<ResetPasswordResponse>().ProducesProblem(400).ProducesProblem(404);
        users.MapPost("/{id:int}/reset-mfa", async (int id, ResetMfa handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("resetUserMfa").WithSummary("Turn two-factor sign-in off for a user who lost the device (ends the user's sessions)")
            .Produces(204).ProducesProblem(404).ProducesProblem(409);
    }
}
