using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace KeneyApp.Platform.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/api/v1/openapi.json</c> (Microsoft.AspNetCore.OpenApi), with Swagger UI at
/// <c>/api/v1/docs</c> and ReDoc at <c>/api/v1/redoc</c>. Bearer auth is declared globally; public routes
/// declare <c>security: []</c>.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/api/v1/openapi.json";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Platform"] = "Liveness and readiness probes.",
        ["Authentication"] = "Login, token refresh and revocation, the caller's account, password and MFA.",
        ["Users"] = "Accounts of the caller's clinic (tenant admins).",
        ["Tenants"] = "Clinics of the platform (platform operator).",
        ["Audit"] = "The clinic's append-only, hash-chained audit trail.",
        ["Patients"] = "Patient records (clinical fields encrypted at rest), search, timeline and portal invitations.",
        ["Appointments"] = "Doctors' schedules: booking without double-booking, statuses, cancellation.",
        ["Prescriptions"] = "Signed prescriptions: the prescriber is the caller; cancel rather than edit.",
        ["Vaccinations"] = "Administered doses, next due dates and the clinic's vaccine catalogue.",
        ["Messaging"] = "Encrypted messages between patients and their care team, and between staff.",
    };

    public static IServiceCollection AddKeneyOpenApi(this IServiceCollection services) => services.AddOpenApi("v1", options =>
    {
        options.AddDocumentTransformer((document, context, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "KeneyApp API",
                Version = "v1",
                Description = "Electronic health record platform: clinics, patients, messaging, documents, reminders, record sharing.",
                License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-KeneyApp-Proprietary" },
            };
            var request = context.ApplicationServices.GetService<IHttpContextAccessor>()?.HttpContext?.Request;
            document.Servers = [new OpenApiServer { Url = request is null ? "/" : $"{request.Scheme}://{request.Host}" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                ["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Access token from POST /api/v1/auth/login.",
                },
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
            }
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer(ContractSchemas.TransformAsync);
        options.AddOperationTransformer(WhoMayCall.TransformAsync);
        options.AddOperationTransformer(MultipartForm.TransformAsync);
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = [];
            }
            // Paging's ranges (Paging.Validate): written here, as range attributes on [AsParameters] break the generator.
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.Schema is OpenApiSchema listed && AllowedValues.Of(parameter.Name ?? "", AllowedValues.Place.Query) is { } values)
                {
                    AllowedValues.Apply(listed, values);
                }
                if (parameter.Schema is OpenApiSchema schema && parameter.Name is "skip" or "limit")
                {
                    schema.Minimum = parameter.Name == "skip" ? "0" : "1";
                    schema.Maximum = parameter.Name == "limit" ? Http.Paging.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
                    parameter.Description ??= parameter.Name == "skip" ? "Items to skip (default 0)." : $"Items per page (default 50, at most {Http.Paging.MaxLimit}).";
                }
            }
            return Task.CompletedTask;
        });
    });

    public static WebApplication MapKeneyApiDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        // Each UI is middleware that matches the path of every request it sees: only docs requests go through them.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api/v1/docs"), docs => docs.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/v1/docs";
            o.DocumentTitle = "KeneyApp API";
            o.SwaggerEndpoint(DocumentPath, "KeneyApp v1");
        }));
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api/v1/redoc"), redoc => redoc.UseReDoc(o =>
        {
            o.RoutePrefix = "api/v1/redoc";
            o.DocumentTitle = "KeneyApp API";
            o.SpecUrl = DocumentPath;
            o.IndexStream = ReDocPage.Open;
        }));
        return app;
    }
}
