using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace KeneyApp.Features.Audit;

public static class AuditEndpoints
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services) =>
        services.AddScoped<ListAuditEntries>().AddScoped<VerifyAuditChain>();

    public static void MapAudit(this IEndpointRouteBuilder routes)
    {
        var audit = routes.MapGroup("/api/v1/audit").WithTags("Audit")
            .RequirePermission(Permission.AuditRead).RequireRateLimiting(RateLimits.Api)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);

        audit.MapGet("", async (
                [AsParameters] Paging paging, string? action, [FromQuery(Name = "resource_type")] string? resourceType,
                [FromQuery(Name = "resource_id")] string? resourceId, [FromQuery(Name = "user_id")] int? userId,
                DateTime? from, DateTime? to, ListAuditEntries handler, HttpResponse response, CancellationToken ct) =>
            {
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                var (items, total) = await handler.HandleAsync(new AuditQuery(action, resourceType, resourceId, userId, from, to), paging, ct);
                return Paging.Page(response, items, total);
            })
            .WithName("listAuditEntries").WithSummary("Audit trail of the caller's clinic, newest first")
            .Produces<IReadOnlyList<AuditEntryResponse>>().ProducesProblem(400);
        audit.MapGet("/verify", async (VerifyAuditChain handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithName("verifyAuditChain").WithSummary("Recompute the hash chain and report the first break")
            .Produces<AuditVerification>();

        // The platform's own chain (operators' actions, logins of unknown users): the operator verifies it.
        routes.MapGet("/api/v1/audit/platform/verify", async (VerifyAuditChain handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithTags("Audit").RequirePermission(Permission.TenantsManage).RequireRateLimiting(RateLimits.Api)
            .WithName("verifyPlatformAuditChain").WithSummary("Recompute the platform's audit chain (operators' and unknown users' events)")
            .Produces<AuditVerification>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);
    }
}
