using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;
using Microsoft.AspNetCore.Mvc;

namespace KeneyApp.Features.Messaging;

public static class MessagingEndpoints
{
    public const string SendLimit = "messages-send";
    public const string ReadLimit = "messages-read";

    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        RateLimits.Define(SendLimit, 30, TimeSpan.FromMinutes(1));
        RateLimits.Define(ReadLimit, 60, TimeSpan.FromMinutes(1));
        return services
            .AddSingleton<MessagingMetrics>().AddScoped<MessageReader>()
            .AddScoped<SendMessage>().AddScoped<ListMessages>().AddScoped<OpenMessage>().AddScoped<GetConversation>()
            .AddScoped<GetMessageStats>().AddScoped<DeleteMessage>().AddScoped<ListContacts>().AddScoped<ListAttachableDocuments>()
            .AddNavLink("Nav.Messages", "/messages", 20, PermissionPolicies.Name(Permission.MessagesUse), typeof(Ui.UnreadBadge))
            .AddHomePanel<Ui.UnreadPanel>(20, PermissionPolicies.Name(Permission.MessagesUse))
            .AddChartTab<Ui.PatientMessagesTab>("Chart.Messages", 50, PermissionPolicies.Staff);
    }

    public static void MapMessaging(this IEndpointRouteBuilder routes)
    {
        var messages = routes.MapGroup("/api/v1/messages").WithTags("Messaging")
            .RequirePermission(Permission.MessagesUse)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);

        messages.MapPost("", async (SendMessageRequest body, SendMessage handler, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(m => JsonBody.Created($"/api/v1/messages/{m.Id}", m)))
            .RequireRateLimiting(SendLimit)
            .WithName("sendMessage").WithSummary("Send a message (patients write to staff only); 30 per minute")
            .Produces<MessageResponse>(201).ProducesProblem(400).ProducesProblem(404);
        messages.MapGet("", async ([AsParameters] Paging paging, [FromQuery(Name = "unread_only")] bool? unreadOnly, string? sort,
                ListMessages handler, HttpResponse response, CancellationToken ct) =>
            {
                if (sort is not (null or "newest" or "urgent_first"))
                {
                    return Problem.Invalid("sort", "One of: newest, urgent_first.").ToHttp();
                }
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                var (items, total) = await handler.HandleAsync(new MessageListQuery(unreadOnly ?? false, sort == "urgent_first"), paging, ct);
                return Paging.Page(response, items, total);
            })
            .RequireRateLimiting(ReadLimit)
            .WithName("listMessages").WithSummary("Inbox and sent messages; unread_only, sort=urgent_first")
            .Produces<IReadOnlyList<MessageResponse>>().ProducesProblem(400);
        messages.MapGet("/stats", async (GetMessageStats handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .RequireRateLimiting(ReadLimit)
            .WithName("getMessageStats").WithSummary("The caller's message figures").Produces<MessageStats>();
        messages.MapGet("/contacts", async ([AsParameters] Paging paging, string? q, ListContacts handler, HttpResponse response, CancellationToken ct) =>
            {
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                var (items, total) = await handler.HandleAsync(q, paging, ct);
                return Paging.Page(response, items, total);
            })
            .RequireRateLimiting(ReadLimit)
            .WithName("listMessageContacts").WithSummary("The people the caller may write to; q filters by name")
            .WithDescription("For a patient, its clinic's care team; for staff, their colleagues and the clinic's patients who have a " +
                "portal account. Use user_id as receiver_id when sending.")
            .Produces<IReadOnlyList<ContactResponse>>().ProducesProblem(400);
        messages.MapGet("/conversation/{userId:int}", async ([AsParameters] Paging paging, int userId, GetConversation handler,
                HttpResponse response, CancellationToken ct) =>
            {
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                return (await handler.HandleAsync(userId, paging, ct)).ToHttp(result =>
                {
                    return Paging.Page(response, result.Items, result.Total);
                });
            })
            .RequireRateLimiting(ReadLimit)
            .WithName("getConversation").WithSummary("Messages between the caller and one user, oldest first")
            .Produces<IReadOnlyList<MessageResponse>>().ProducesProblem(400).ProducesProblem(404);
        messages.MapGet("/{id:int}", async (int id, OpenMessage handler, CancellationToken ct) => (await handler.GetAsync(id, ct)).ToHttp(TypedResults.Ok))
            .RequireRateLimiting(ReadLimit)
            .WithName("getMessage").WithSummary("One message (the receiver opening it reads it)").Produces<MessageResponse>().ProducesProblem(404);
        messages.MapPost("/{id:int}/read", async (int id, OpenMessage handler, CancellationToken ct) =>
                (await handler.MarkReadAsync(id, ct)).ToHttp(TypedResults.Ok))
            .RequireRateLimiting(ReadLimit)
            .WithName("markMessageRead").WithSummary("Mark a received message read").Produces<MessageResponse>().ProducesProblem(404);
        messages.MapDelete("/{id:int}", async (int id, DeleteMessage handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequireRateLimiting(ReadLimit)
            .WithName("deleteMessage").WithSummary("Hide a message for the caller only").Produces(204).ProducesProblem(404);
    }
}
