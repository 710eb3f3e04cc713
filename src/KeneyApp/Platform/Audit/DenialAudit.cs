namespace KeneyApp.Platform.Audit;

/// <summary>
/// Every refusal is on the record (ASVS V7): a 403, and a 404 on a route that takes an id (someone probing for
/// records they may not see gets the same answer as for a missing one, but not the same silence). The entry says
/// who, which route template and which id, nothing of the request's data. Written as the answer leaves.
/// </summary>
public static class DenialAudit
{
    public const string Action = "access_denied";

    public static IApplicationBuilder UseDenialAudit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        var status = context.Response.StatusCode;
        if (status is not (403 or 404) || context.GetEndpoint() is not RouteEndpoint endpoint
            || context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        var idParameter = endpoint.RoutePattern.Parameters.Count > 0 ? endpoint.RoutePattern.Parameters[0] : null;
        if (status == 404 && idParameter is null)
        {
            return;
        }
        var template = (endpoint.RoutePattern.RawText ?? "").TrimEnd('/');
        var resourceId = idParameter is null ? null : context.Request.RouteValues[idParameter.Name];
        await context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(Action, ResourceType(template), resourceId,
            AuditOutcomes.Denied, $"route={context.Request.Method} {template},status={status}", CancellationToken.None);
    });

    /// <summary>
    /// A handler's refusal inside a live page (no HTTP answer of its own to audit): recorded as the API's would be, the
    /// page's path standing for the route — its ids as <c>{id}</c>, the first one as the resource's.
    /// </summary>
    public static Task RecordPageRefusalAsync(AuditLog audit, string pagePath, int status, CancellationToken ct)
    {
        var (resourceType, resourceId, template) = DescribePage(pagePath);
        return audit.RecordAsync(Action, resourceType, resourceId, AuditOutcomes.Denied, $"page={template},status={status}", ct);
    }

    /// <summary>What a page's address says of its resource, as the router reads it: unescaped, any case, ids with or without leading zeros.</summary>
    internal static (string ResourceType, long? ResourceId, string Template) DescribePage(string pagePath)
    {
        var segments = pagePath.Split('?', '#')[0].Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Uri.UnescapeDataString(s).ToLowerInvariant()).ToList();
        static bool IsId(string s) => s.Length is > 0 and <= 18 && s.All(char.IsAsciiDigit);
        var firstId = segments.FirstOrDefault(IsId) is { } id ? long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) : (long?)null;
        // Only the words of the application's page routes stay; any other value in the address is not written.
        var template = "/" + string.Join('/', segments.Select(s => IsId(s) ? "{id}" : RouteWords.Value.Contains(s) ? s : "{value}"));
        return (segments.Count == 0 ? "page" : ResourceType(template), firstId, template);
    }

    /// <summary><c>/api/v1/patients/{id:int}</c> → <c>patient</c>, the name the handlers' own entries use.</summary>
    private static string ResourceType(string template)
    {
        var segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 2 && segments[0] == "api" ? segments[2] : segments.FirstOrDefault() ?? "route";
        return resource.EndsWith('s') ? resource[..^1] : resource;
    }

    /// <summary>The literal words of every page's <c>@page</c> route (patients, edit, admin…).</summary>
    private static readonly Lazy<HashSet<string>> RouteWords = new(() => [.. typeof(DenialAudit).Assembly.GetTypes()
        .SelectMany(t => t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.RouteAttribute), inherit: false))
        .Cast<Microsoft.AspNetCore.Components.RouteAttribute>()
        .SelectMany(r => r.Template.Split('/', StringSplitOptions.RemoveEmptyEntries))
        .Where(w => !w.StartsWith('{'))
        .Select(w => w.ToLowerInvariant())]);
}
