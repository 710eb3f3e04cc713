namespace KeneyApp.Platform.Security;

/// <summary>One authorization policy per permission, so endpoints say <c>.RequirePermission(Permission.X)</c>.</summary>
public static class PermissionPolicies
{
    public static string Name(Permission permission) => "perm:" + permission;

    /// <summary>Clinic staff (not a patient, not the platform operator): the web application's clinic screens.</summary>
    public const string Staff = "staff";

    /// <summary>A patient, in the portal's screens.</summary>
    public const string Patient = "patient";

    public static IServiceCollection AddPermissionPolicies(this IServiceCollection services)
    {
        var builder = services.AddAuthorizationBuilder();
        foreach (var permission in Enum.GetValues<Permission>())
        {
            builder.AddPolicy(Name(permission), policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(ctx => RolePermissions.Has(ctx.User.FindFirst(KeneyClaims.Role)?.Value, permission)));
        }
        builder.AddPolicy(Staff, policy => policy.RequireAuthenticatedUser()
            .RequireAssertion(ctx => Roles.IsStaff(ctx.User.FindFirst(KeneyClaims.Role)?.Value ?? "")));
        builder.AddPolicy(Patient, policy => policy.RequireAuthenticatedUser()
            .RequireAssertion(ctx => ctx.User.FindFirst(KeneyClaims.Role)?.Value == Roles.Patient));
        return services;
    }

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Name(permission));
}
