using KeneyApp.Features.Accounts;
using KeneyApp.Features.Audit;
using KeneyApp.Features.Tenancy;

namespace KeneyApp.Features;

/// <summary>Every feature's services and endpoints, in one list.</summary>
public static class FeatureSetup
{
    public static IServiceCollection AddKeneyFeatures(this IServiceCollection services) => services
        .AddAccounts()
        .AddUserManagement()
        .AddTenancy()
        .AddAuditTrail();

    public static void MapKeneyFeatures(this IEndpointRouteBuilder routes)
    {
        routes.MapAccounts();
        routes.MapUsers();
        routes.MapTenants();
        routes.MapAudit();
    }
}
