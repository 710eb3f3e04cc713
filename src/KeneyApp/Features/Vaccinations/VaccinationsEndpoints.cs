using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;
using Microsoft.AspNetCore.Mvc;

namespace KeneyApp.Features.Vaccinations;

public static class VaccinationsEndpoints
{
    public static IServiceCollection AddVaccinations(this IServiceCollection services) => services
        .AddScoped<RecordVaccination>().AddScoped<FindVaccinations>().AddScoped<DeleteVaccination>().AddScoped<ManageCatalogue>()
        .AddChartTab<Ui.VaccinationsTab>("Chart.Vaccinations", 30, PermissionPolicies.Name(Permission.VaccinationsRead));

    public static void MapVaccinations(this IEndpointRouteBuilder routes)
    {
        var vaccinations = routes.MapGroup("/api/v1/vaccinations").WithTags("Vaccinations")
            .RequireAuthorization().RequireRateLimiting(RateLimits.Api)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);

        vaccinations.MapGet("", ([AsParameters] Paging paging, [FromQuery(Name = "patient_id")] int? patientId,
                FindVaccinations handler, HttpResponse response, CancellationToken ct) => ListAsync(patientId, false, paging, handler, response, ct))
            .RequirePermission(Permission.VaccinationsRead)
            .WithName("listVaccinations").WithSummary("Administered doses, optionally of one patient")
            .Produces<IReadOnlyList<VaccinationResponse>>().ProducesProblem(400);
        vaccinations.MapGet("/patient/{patientId:int}", ([AsParameters] Paging paging, int patientId,
                FindVaccinations handler, HttpResponse response, CancellationToken ct) => ListAsync(patientId, true, paging, handler, response, ct))
            .RequirePermission(Permission.VaccinationsRead)
            .WithName("listPatientVaccinations").WithSummary("One patient's vaccinations")
            .Produces<IReadOnlyList<VaccinationResponse>>().ProducesProblem(400).ProducesProblem(404);
        vaccinations.MapPost("", async (VaccinationRequest body, RecordVaccination handler, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(v => TypedResults.Created($"/api/v1/vaccinations/{v.Id}", v)))
            .RequirePermission(Permission.VaccinationsWrite)
            .WithName("createVaccination").WithSummary("Record an administered dose")
            .Produces<VaccinationResponse>(201).ProducesProblem(400).ProducesProblem(404);
        vaccinations.MapGet("/{id:int}", async (int id, FindVaccinations handler, CancellationToken ct) => (await handler.GetAsync(id, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.VaccinationsRead)
            .WithName("getVaccination").WithSummary("One vaccination").Produces<VaccinationResponse>().ProducesProblem(404);
        vaccinations.MapDelete("/{id:int}", async (int id, DeleteVaccination handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequirePermission(Permission.VaccinationsWrite)
            .WithName("deleteVaccination").WithSummary("Remove a dose entered in error (archived)").Produces(204).ProducesProblem(404);
        vaccinations.MapGet("/catalogue", async (ManageCatalogue handler, CancellationToken ct) => TypedResults.Ok(await handler.ListAsync(ct)))
            .RequirePermission(Permission.VaccinationsRead)
            .WithName("listVaccineCatalogue").WithSummary("The clinic's vaccines, booster intervals and reminder lead times")
            .Produces<IReadOnlyList<CatalogueEntryResponse>>();
        vaccinations.MapPut("/catalogue/{code}", async (string code, CatalogueEntryRequest body, ManageCatalogue handler, CancellationToken ct) =>
                (await handler.PutAsync(code, body, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.SettingsManage)
            .WithName("putVaccineCatalogueEntry").WithSummary("Add or change a vaccine of the clinic's catalogue")
            .Produces<CatalogueEntryResponse>().ProducesProblem(400);
    }

    private static async Task<IResult> ListAsync(int? patientId, bool patientMustExist, Paging paging, FindVaccinations handler,
        HttpResponse response, CancellationToken ct)
    {
        if (paging.Validate() is { } invalid)
        {
            return invalid.ToHttp();
        }
        return (await handler.ListAsync(patientId, patientMustExist, paging, ct)).ToHttp(result =>
        {
            return Paging.Page(response, result.Items, result.Total);
        });
    }
}
