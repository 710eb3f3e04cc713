using KeneyApp.Platform.Configuration;
using KeneyApp.Platform.Delivery;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;
using Microsoft.AspNetCore.Mvc;

namespace KeneyApp.Features.Notifications;

public static class NotificationsEndpoints
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration, HostRole role)
    {
        var options = configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new();
        services.AddSingleton(options).AddSingleton<NotificationPace>().AddSingleton<NotificationMetrics>()
            .AddScoped<SendNotification>().AddScoped<PlanEventNotifications>().AddScoped<PlanAppointmentReminders>().AddScoped<PlanPrescriptionRenewals>().AddScoped<PlanVaccinationReminders>()
            .AddScoped<GetPreferences>().AddScoped<UpdatePreferences>().AddScoped<ListMyNotifications>().AddScoped<ListDeliveries>()
            .AddScoped<RunNotificationJob>().AddScoped<TwilioWebhooks>()
            .AddSingleton<UnsubscribeLinks>().AddScoped<Unsubscribe>()
            .AddHostedService<NotificationSchedules>()
            .AddNavLink("Nav.Notifications", "/notifications", 25, PermissionPolicies.Name(Permission.NotificationsOwnPreferences))
            .AddNavLink("Nav.Deliveries", "/admin/notifications", 88, PermissionPolicies.Name(Permission.NotificationsAdminister));
        services.AddSingleton<DeliverNotifications>();
        if (options.Deliver && role != HostRole.Web)
        {
            services.AddHostedService(sp => sp.GetRequiredService<DeliverNotifications>());
        }
        return services;
    }

    public static void MapNotifications(this IEndpointRouteBuilder routes)
    {
        var own = routes.MapGroup("/api/v1/notifications").WithTags("Notifications")
            .RequirePermission(Permission.NotificationsOwnPreferences)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);
        own.MapGet("", async ([AsParameters] Paging paging, ListMyNotifications handler, HttpResponse response, CancellationToken ct) =>
            {
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                var (items, total) = await handler.HandleAsync(paging, ct);
                return Paging.Page(response, items, total);
            })
            .WithName("listMyNotifications").WithSummary("The caller's own notifications, newest first")
            .Produces<IReadOnlyList<NotificationResponse>>().ProducesProblem(400);
        own.MapGet("/preferences", async (GetPreferences handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithName("getNotificationPreferences").WithSummary("The caller's preferences: each type × channel, quiet hours, zone, language")
            .Produces<NotificationPreferencesDocument>();
        own.MapPut("/preferences", async (NotificationPreferencesDocument body, UpdatePreferences handler, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(d => TypedResults.Ok(d)))
            .WithName("updateNotificationPreferences").WithSummary("Change any subset of the caller's preferences; answers the whole document")
            .Produces<NotificationPreferencesDocument>().ProducesProblem(400);

        var admin = routes.MapGroup("/api/v1/notifications").WithTags("Notifications")
            .RequirePermission(Permission.NotificationsAdminister)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);
        admin.MapGet("/deliveries", async ([AsParameters] Paging paging, string? status, string? type, string? channel, ListDeliveries handler,
                HttpResponse response, CancellationToken ct) =>
            {
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                return (await handler.HandleAsync(new DeliveryFilter(status, type, channel), paging, ct))
                    .ToHttp(page => Paging.Page(response, page.Items, page.Total));
            })
            .WithName("listNotificationDeliveries").WithSummary("The clinic's delivery log; filters status, type, channel")
            .Produces<IReadOnlyList<DeliveryResponse>>().ProducesProblem(400);
        admin.MapPost("/jobs/{job}/run", async (string job, RunNotificationJob handler, CancellationToken ct) =>
                (await handler.HandleAsync(job, ct)).ToHttp(r => TypedResults.Ok(r)))
            .WithName("runNotificationJob").WithSummary("Run a scheduled job now for the caller's clinic; answers the notifications queued")
            .Produces<JobRunResponse>().ProducesProblem(404);

        // A mail client's one-click unsubscribe (RFC 8058): the link's token is the proof; nobody signs in.
        routes.MapPost(UnsubscribeLinks.OneClickPath + "{token}", async (string token, Unsubscribe handler, CancellationToken ct) =>
                await handler.HandleAsync(token, ct) ? Results.NoContent() : Problem.NotFound("link").ToHttp())
            .AllowAnonymous().DisableAntiforgery().WithTags("Notifications")
            .WithName("unsubscribeOneClick").WithSummary("Turn one notification type off by e-mail, from the link in that e-mail (no sign-in)")
            .Produces(204).ProducesProblem(404).ProducesProblem(429);

        // Twilio calls these, signed with the account's token; nobody signs in.
        var twilio = routes.MapGroup("/api/v1/notifications/twilio").WithTags("Notifications").AllowAnonymous().DisableAntiforgery()
            .ProducesProblem(403).ProducesProblem(429);
        twilio.MapPost("/status", (HttpRequest request, TwilioSignature signature, TwilioWebhooks handler, CancellationToken ct) =>
                SignedAsync(request, signature, form => handler.DeliveryReceiptAsync(form["MessageSid"], form["MessageStatus"], form["ErrorCode"], ct), ct))
            .WithName("twilioDeliveryReceipt").WithSummary("Twilio's delivery receipts (signed): an SMS becomes delivered or failed")
            .Accepts<IFormCollection>("application/x-www-form-urlencoded").Produces(204);
        twilio.MapPost("/inbound", (HttpRequest request, TwilioSignature signature, TwilioWebhooks handler, CancellationToken ct) =>
                SignedAsync(request, signature, form => handler.InboundAsync(form["From"], form["Body"], ct), ct))
            .WithName("twilioInboundSms").WithSummary("SMS sent to the clinic's number (signed): STOP turns SMS off, START back on")
            .Accepts<IFormCollection>("application/x-www-form-urlencoded").Produces(204);
    }

    /// <summary>Runs <paramref name="handle"/> on the form only when Twilio's signature over it holds; 403 otherwise.</summary>
    private static async Task<IResult> SignedAsync(HttpRequest request, TwilioSignature signature, Func<IFormCollection, Task> handle, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        if (!signature.IsValid(request, form))
        {
            return Problem.Forbidden("The request is not signed by Twilio.").ToHttp();
        }
        await handle(form);
        return Results.NoContent();
    }
}
