using KeneyApp.Platform.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace KeneyApp.Features.Accounts.Ui;

/// <summary>
/// The web application's sign-out (a form post with its antiforgery token): the login session ends, as the API's
/// logout ends it, so the cookie stops working on every node; then the cookie goes.
/// </summary>
internal static class SignOutEndpoint
{
    public static void MapSignOut(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/sign-out", async (HttpContext context, IAntiforgery antiforgery, Logout logout) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }
            if (context.User.Identity?.IsAuthenticated == true)
            {
                await logout.HandleAsync(context.RequestAborted);
                await context.SignOutAsync(UiCookie.Scheme);
            }
            return Results.LocalRedirect("/sign-in");
        }).DisableAntiforgery().ExcludeFromDescription();
}
