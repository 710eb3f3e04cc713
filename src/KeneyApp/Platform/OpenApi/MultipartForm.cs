using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KeneyApp.Platform.OpenApi;

/// <summary>
/// Describes a multipart/form-data body that the handler reads itself, as a stream. (Declaring it with
/// <c>Accepts</c> would let routing answer other content types with a bare 415 before the handler can say why.)
/// </summary>
public sealed record MultipartForm(IReadOnlyList<MultipartForm.Part> Parts)
{
    public sealed record Part(string Name, string Description, bool Required = false, bool IsFile = false, bool IsInteger = false);

    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<MultipartForm>().FirstOrDefault() is not { } form)
        {
            return Task.CompletedTask;
        }
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = form.Parts.Where(p => p.Required).Select(p => p.Name).ToHashSet(),
            Properties = form.Parts.ToDictionary(p => p.Name, p => (IOpenApiSchema)new OpenApiSchema
            {
                Type = p.IsInteger ? JsonSchemaType.Integer : JsonSchemaType.String,
                Format = p.IsFile ? "binary" : null,
                Description = p.Description,
            }),
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new() { Schema = schema } },
        };
        return Task.CompletedTask;
    }
}
