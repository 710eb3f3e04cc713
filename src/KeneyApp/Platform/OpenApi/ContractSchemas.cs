using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KeneyApp.Platform.OpenApi;

/// <summary>
/// Makes the document say what the server accepts and returns. Request bodies (<c>…Request</c> records): only the
/// members marked <see cref="RequiredAttribute"/> are required, and none advertises <c>null</c> (leaving a member out
/// is how a client says "nothing"). Answers: a member the server leaves out when empty
/// (<c>JsonIgnore(WhenWritingNull)</c>, such as <c>patient_id</c> for staff on <c>/auth/me</c>) is not required.
/// Members with a closed list of values list it (<see cref="AllowedValues"/>); request bodies show an example
/// (<see cref="RequestExamples"/>).
/// </summary>
internal static class ContractSchemas
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (schema.Properties is null || context.JsonTypeInfo.Properties.Count == 0)
        {
            return Task.CompletedTask;
        }
        var isRequest = type.Name.EndsWith("Request", StringComparison.Ordinal);
        if (isRequest && RequestExamples.For(type) is { } example)
        {
            schema.Examples = [example];
        }
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (AllowedValues.Of(property.Name, isRequest ? AllowedValues.Place.RequestBody : AllowedValues.Place.Answer) is { } values
                && schema.Properties.TryGetValue(property.Name, out var listed) && listed is OpenApiSchema { Type: { } memberType } text
                && memberType.HasFlag(JsonSchemaType.String))
            {
                AllowedValues.Apply(text, values);
            }
            var attributes = property.AttributeProvider;
            if (isRequest)
            {
                if (attributes?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
                {
                    (schema.Required ??= new HashSet<string>()).Add(property.Name);
                }
                else
                {
                    schema.Required?.Remove(property.Name);
                }
                if (schema.Properties.TryGetValue(property.Name, out var member) && member is OpenApiSchema inline && inline.Type is { } t)
                {
                    inline.Type = t & ~JsonSchemaType.Null;
                }
            }
            else if (attributes is ICustomAttributeProvider provider
                && provider.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true).OfType<JsonIgnoreAttribute>()
                    .Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull))
            {
                schema.Required?.Remove(property.Name);
            }
        }
        return Task.CompletedTask;
    }
}
