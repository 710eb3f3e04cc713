using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KeneyApp.Platform.OpenApi;

/// <summary>
/// Ends each operation's description with who may call it, read from the endpoint's own authorization metadata
/// and the role → permission map the server enforces, so the document cannot drift from the rules. Rules the
/// permission does not show (a patient sees only its own record) are in the hand-written part above.
/// </summary>
internal static class WhoMayCall
{
    private static readonly Dictionary<string, Permission> ByPolicy =
        Enum.GetValues<Permission>().ToDictionary(PermissionPolicies.Name);

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var sentence = metadata.OfType<IAllowAnonymous>().Any()
            ? "**Who may call:** anyone; no access token."
            : Sentence([.. metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Where(ByPolicy.ContainsKey).Select(p => ByPolicy[p])]);
        operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? sentence : $"{operation.Description}\n\n{sentence}";
        return Task.CompletedTask;
    }

    private static string Sentence(IReadOnlyList<Permission> permissions)
    {
        if (permissions.Count == 0)
        {
            return "**Who may call:** any signed-in account.";
        }
        var roles = Roles.All.Where(role => permissions.All(p => RolePermissions.Has(role, p)));
        var names = string.Join(", ", permissions.Select(p => $"`{WireName.Of(p)}`"));
        // The map's own rule: a patient's permissions reach its own data only.
        var listed = roles.Select(r => r == Roles.Patient ? $"`{r}` (its own data only)" : $"`{r}`");
        return $"**Who may call:** {string.Join(", ", listed)} (permission {names}).";
    }
}
