namespace KeneyApp.Platform.Security;

/// <summary>One authorization policy per permission, so endpoints say <c>.RequirePermission(Permission.X)</c>.</summary>
public static class PermissionPolicies
{
    public static string Name(Permission permission) => "perm:" + permission;

    public static IServiceCollection AddPermissionPolicies(this IServiceCollection services)
    {
        var builder = services.AddAuthorizationBuilder();
        foreach (var permission in Enum.GetValues<Permission>())
        {
            builder.AddPolicy(Name(permission), policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(ctx => RolePermissions.Has(ctx.User.FindFirst(KeneyClaims.Role)?.Value, permission)));
        }
        return services;
    }

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Name(permission));
}
