using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;
using Microsoft.AspNetCore.Mvc;

namespace KeneyApp.Features.Audit;

public static class AuditEndpoints
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services) =>
        services.AddScoped<ListAuditEntries>().AddScoped<VerifyAuditChain>().AddScoped<AuditActors>()
            .AddNavLink("Nav.Audit", "/audit", 90, PermissionPolicies.Name(Permission.AuditRead));

    public static void MapAudit(this IEndpointRouteBuilder routes)
    {
        var audit = routes.MapGroup("/api/v1/audit").WithTags("Audit")
            .RequirePermission(Permission.AuditRead).RequireRateLimiting(RateLimits.Api)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);

        audit.MapGet("", async (
                [AsParameters] Paging paging, string? action, [FromQuery(Name = "resource_type")] string? resourceType,
                [FromQuery(Name = "resource_id")] string? resourceId, [FromQuery(Name = "user_id")] int? userId,
                string? from, string? to, ListAuditEntries handler, HttpResponse response, CancellationToken ct) =>
            {
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                return (await handler.HandleAsync(new AuditQuery(action, resourceType, resourceId, userId, from, to), paging, ct))
                    .ToHttp(page => Paging.Page(response, page.Items, page.Total));
            })
            .WithName("listAuditEntries").WithSummary("Audit trail of the caller's clinic, newest first")
            .Produces<IReadOnlyList<AuditEntryResponse>>().ProducesProblem(400);
        audit.MapGet("/verify", VerifyAsync)
            .WithName("verifyAuditChain").WithSummary("Recompute the hash chain and report the first break")
            .WithDescription("With checkpoint_sequence and checkpoint_hash (a checkpoint published in the log and on /metrics), " +
                "also reports a rollback of the chain past that checkpoint.")
            .Produces<AuditVerification>().ProducesProblem(400);

        // The platform's own chain (operators' actions, logins of unknown users): the operator verifies it.
        routes.MapGet("/api/v1/audit/platform/verify", VerifyAsync)
            .WithTags("Audit").RequirePermission(Permission.TenantsManage).RequireRateLimiting(RateLimits.Api)
            .WithName("verifyPlatformAuditChain").WithSummary("Recompute the platform's audit chain (operators' and unknown users' events)")
            .Produces<AuditVerification>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);
    }

    private static async Task<IResult> VerifyAsync([FromQuery(Name = "checkpoint_sequence")] long? sequence,
        [FromQuery(Name = "checkpoint_hash")] string? hash, VerifyAuditChain handler, CancellationToken ct)
    {
        if ((sequence is null) != (hash is null))
        {
            return Problem.Invalid(sequence is null ? "checkpoint_sequence" : "checkpoint_hash", "Give both, or neither.").ToHttp();
        }
        var checkpoint = sequence is { } s ? new AuditCheckpoint(s, hash!) : null;
        return (await handler.HandleAsync(checkpoint, ct)).ToHttp(TypedResults.Ok);
    }
}
