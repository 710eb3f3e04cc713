using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;
using Microsoft.AspNetCore.Mvc;

namespace KeneyApp.Features.Sharing;

public static class SharingEndpoints
{
    public const string AccessLimit = "shares-access";
    public const string ReadLimit = "shares-read";
    public const string RevokeLimit = "shares-revoke";
    public const string DocumentLimit = "shares-documents";

    public static IServiceCollection AddSharing(this IServiceCollection services)
    {
        // Creations are limited by ShareCreationLimit, counted in the database (the screens create shares too).
        RateLimits.Define(AccessLimit, 20, TimeSpan.FromHours(1), byIp: true);
        RateLimits.Define(ReadLimit, 60, TimeSpan.FromMinutes(1));
        RateLimits.Define(RevokeLimit, 30, TimeSpan.FromMinutes(1));
        RateLimits.Define(DocumentLimit, 60, TimeSpan.FromMinutes(1), byIp: true);
        return services
            .AddSingleton<ShareSecrets>().AddSingleton<ShareReader>().AddSingleton<ShareCreationLimit>().AddSingleton<ShareMetrics>().AddSingleton<DocumentAccessTokens>()
            .AddScoped<SharedRecords>().AddScoped<CreateShare>().AddScoped<ListShares>().AddScoped<GetShare>().AddScoped<RevokeShare>()
            .AddScoped<AccessShare>().AddScoped<DownloadSharedDocument>().AddScoped<ShareableRecords>()
            .AddNavLink("Nav.Shares", "/shares", 27, PermissionPolicies.Name(Permission.SharesManage))
            .AddChartTab<Ui.SharesTab>("Chart.Shares", 70, PermissionPolicies.Name(Permission.SharesManage))
            .AddSingleton<ShareHousekeeping>().AddHostedService(sp => sp.GetRequiredService<ShareHousekeeping>());
    }

    public static void MapSharing(this IEndpointRouteBuilder routes)
    {
        var shares = routes.MapGroup("/api/v1/shares").WithTags("Record sharing");
        var owned = shares.MapGroup("").RequirePermission(Permission.SharesManage).ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);
        owned.MapPost("/", async (CreateShareRequest body, CreateShare handler, HttpResponse response, CancellationToken ct) =>
            {
                var outcome = await handler.HandleAsync(body, ct);
                if (outcome.Problem?.Extensions?.GetValueOrDefault("retry_after") is int wait)
                {
                    response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                return outcome.ToHttp(created =>
                {
                    // The token and PIN are in this answer only: no cache may keep it.
                    response.Headers.CacheControl = "no-store";
                    return JsonBody.Created($"/api/v1/shares/{created.Id}", created);
                });
            })
            .WithName("createShare").WithSummary("Open a patient's record (or part of it) to someone outside the clinic; 10 per hour")
            .WithDescription("Doctors and admins for a patient of the clinic, a patient for its own record. consent_given must be true. " +
                "The answer holds share_token, share_url and access_pin — shown this once only, never again.")
            .Produces<CreatedShareResponse>(201).ProducesProblem(400).ProducesProblem(404);
        owned.MapGet("/", async ([FromQuery(Name = "patient_id")] int? patientId, [FromQuery(Name = "active_only")] bool? activeOnly,
                [AsParameters] Paging paging, ListShares handler, HttpResponse response, CancellationToken ct) =>
            {
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                var (items, total) = await handler.HandleAsync(patientId, activeOnly ?? false, paging, ct);
                return Paging.Page(response, items, total);
            })
            .RequireRateLimiting(ReadLimit)
            .WithName("listShares").WithSummary("The shares the caller created (an admin: the clinic's; a patient: its record's), newest first")
            .Produces<IReadOnlyList<ShareResponse>>().ProducesProblem(400);
        owned.MapGet("/{id:int}", async (int id, GetShare handler, CancellationToken ct) => (await handler.HandleAsync(id, ct)).ToHttp(TypedResults.Ok))
            .RequireRateLimiting(ReadLimit)
            .WithName("getShare").WithSummary("A share and its openings (never its token or PIN)")
            .Produces<ShareDetailResponse>().ProducesProblem(404);
        owned.MapDelete("/{id:int}", async (int id, RevokeShare handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequireRateLimiting(RevokeLimit)
            .WithName("revokeShare").WithSummary("Revoke a share at once (its creator, an admin, or its patient)")
            .Produces(204).ProducesProblem(404).ProducesProblem(409);

        shares.MapPost("/access", async (AccessShareRequest body, AccessShare handler, HttpResponse response, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(result =>
                {
                    response.Headers.CacheControl = "no-store";
                    return result.Record is { } record
                        ? new JsonBody<SharedRecordResponse>(record)
                        : new JsonBody<EmailVerificationResponse>(new EmailVerificationResponse(true), StatusCodes.Status202Accepted);
                }))
            .AllowAnonymous().RequireRateLimiting(AccessLimit)
            .WithName("accessShare").WithSummary("Open a shared record with its link's token and PIN (public); 20 attempts per hour per address")
            .WithDescription("Unknown, expired, revoked and used-up links: 404, all alike. Wrong PIN: 403 with remaining_attempts; the fifth " +
                "locks the share (423 from then on). Restricted to a recipient: the first call with its e-mail mails a 6-digit code and " +
                "answers 202 (a different e-mail: the same 202, no mail); the next call adds email_code.")
            .Produces<SharedRecordResponse>().Produces<EmailVerificationResponse>(202)
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(423).ProducesProblem(429);
        shares.MapGet("/access/documents/{id:int}", async (int id, HttpRequest request, DownloadSharedDocument handler, HttpResponse response,
                CancellationToken ct) =>
            {
                var header = request.Headers.Authorization.ToString();
                var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
                return (await handler.HandleAsync(bearer, id, ct)).ToHttp(d =>
                {
                    response.Headers.CacheControl = "no-store";
                    return Results.Stream(d.Content, d.MimeType, d.FileName);
                });
            })
            .AllowAnonymous().WithMetadata(new OwnBearerToken()).RequireRateLimiting(DocumentLimit)
            .WithName("downloadSharedDocument").WithSummary("A document of a shared record (Authorization: Bearer <document_access_token>)")
            .WithDescription("The token comes from a successful opening and lives 15 minutes; it dies with the share. A document outside " +
                "the share's scope: 404.")
            .Produces(200, contentType: "application/octet-stream").ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);
    }
}
