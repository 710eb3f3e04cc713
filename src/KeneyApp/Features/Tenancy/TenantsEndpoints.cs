using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;

namespace KeneyApp.Features.Tenancy;

public static class TenantsEndpoints
{
    public static IServiceCollection AddTenancy(this IServiceCollection services) =>
        services.AddScoped<CreateTenant>().AddScoped<UpdateTenant>().AddScoped<ClinicSettings>().AddScoped<ClinicAdmins>()
            .AddNavLink("Nav.Clinic", "/admin/clinic", 85, PermissionPolicies.Name(Permission.SettingsManage))
            .AddNavLink("Nav.Clinics", "/operator/clinics", 10, PermissionPolicies.Name(Permission.TenantsManage));

    public static void MapTenants(this IEndpointRouteBuilder routes)
    {
        var clinic = routes.MapGroup("/api/v1/clinic").WithTags("Tenants")
            .RequirePermission(Permission.SettingsManage).RequireRateLimiting(RateLimits.Api)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);
        clinic.MapGet("", async (ClinicSettings handler, CancellationToken ct) => (await handler.GetAsync(ct)).ToHttp(TypedResults.Ok))
            .WithName("getClinicSettings").WithSummary("The caller's clinic (its admins)").Produces<TenantResponse>();
        clinic.MapPatch("", async (ClinicSettingsRequest body, ClinicSettings handler, CancellationToken ct) =>
                (await handler.UpdateAsync(body, ct)).ToHttp(TypedResults.Ok))
            .WithName("updateClinicSettings").WithSummary("Change the caller's clinic's name, contact e-mail, time zone or language")
            .Produces<TenantResponse>().ProducesProblem(400);

        var tenants = routes.MapGroup("/api/v1/tenants").WithTags("Tenants")
            .RequirePermission(Permission.TenantsManage).RequireRateLimiting(RateLimits.Api)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);

        tenants.MapGet("", async ([AsParameters] Paging paging, UpdateTenant handler, HttpResponse response, CancellationToken ct) =>
            {
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                var (items, total) = await handler.ListAsync(paging, ct);
                return Paging.Page(response, items, total);
            })
            .WithName("listTenants").WithSummary("All clinics").Produces<IReadOnlyList<TenantResponse>>().ProducesProblem(400);
        tenants.MapPost("", async (CreateTenantRequest body, CreateTenant handler, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(created => TypedResults.Created($"/api/v1/tenants/{created.Tenant.Id}", created)))
            .WithName("createTenant").WithSummary("Open a clinic, optionally with its first admin")
            .Produces<CreatedTenantResponse>(201).ProducesProblem(400).ProducesProblem(409);
        tenants.MapGet("/{id:int}", async (int id, UpdateTenant handler, CancellationToken ct) => (await handler.GetAsync(id, ct)).ToHttp(TypedResults.Ok))
            .WithName("getTenant").WithSummary("One clinic").Produces<TenantResponse>().ProducesProblem(404);
        tenants.MapPatch("/{id:int}", async (int id, UpdateTenantRequest body, UpdateTenant handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, body, ct)).ToHttp(TypedResults.Ok))
            .WithName("updateTenant").WithSummary("Change a clinic's settings or deactivate it")
            .Produces<TenantResponse>().ProducesProblem(400).ProducesProblem(404);
    }
}
