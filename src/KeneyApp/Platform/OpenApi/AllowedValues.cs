using System.Text.Json.Nodes;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using Microsoft.OpenApi;

namespace KeneyApp.Platform.OpenApi;

/// <summary>
/// The closed lists of values that string members and query parameters take, from the sets the validators and
/// the permission map use: the document lists them as <c>enum</c>. (C# enums such as an appointment's status in a
/// body are listed by the generator itself.)
/// </summary>
internal static class AllowedValues
{
    public enum Place { RequestBody, Answer, Query }

    /// <summary>The values of a member or query parameter of this wire name, or null when it is free text.</summary>
    public static IReadOnlyList<string>? Of(string name, Place place) => name switch
    {
        "gender" => [.. PatientRules.Genders],
        "blood_type" => [.. PatientRules.BloodTypes],
        "preferred_language" => [.. PatientRules.Languages],
        // A tenant admin hands out staff roles only; answers and filters may name any role.
        "role" => place == Place.RequestBody ? Roles.GrantableByTenantAdmin : Roles.All,
        // The one status filter: GET /appointments?status=.
        "status" when place == Place.Query => [.. Enum.GetValues<AppointmentStatus>().Select(s => WireName.Of(s))],
        _ => null,
    };

    public static void Apply(OpenApiSchema schema, IReadOnlyList<string> values) =>
        schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
}
