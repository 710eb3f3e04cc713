using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;
using Microsoft.AspNetCore.Mvc;

namespace KeneyApp.Features.Prescriptions;

public static class PrescriptionsEndpoints
{
    public static IServiceCollection AddPrescriptions(this IServiceCollection services) => services
        .AddScoped<Prescribe>().AddScoped<FindPrescriptions>().AddScoped<CancelPrescription>()
        .AddChartTab<Ui.PrescriptionsTab>("Chart.Prescriptions", 20, PermissionPolicies.Name(Permission.PrescriptionsRead));

    public static void MapPrescriptions(this IEndpointRouteBuilder routes)
    {
        var prescriptions = routes.MapGroup("/api/v1/prescriptions").WithTags("Prescriptions")
            .RequireAuthorization().RequireRateLimiting(RateLimits.Api)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);

        prescriptions.MapGet("", ([AsParameters] Paging paging, [FromQuery(Name = "patient_id")] int? patientId, string? status,
                FindPrescriptions handler, HttpResponse response, CancellationToken ct) => ListAsync(patientId, status, paging, false, handler, response, ct))
            .RequirePermission(Permission.PrescriptionsRead)
            .WithName("listPrescriptions").WithSummary("Prescriptions, filtered by patient or status (active, expired, cancelled)")
            .Produces<IReadOnlyList<PrescriptionResponse>>().ProducesProblem(400);
        prescriptions.MapGet("/patient/{patientId:int}", ([AsParameters] Paging paging, int patientId, string? status,
                FindPrescriptions handler, HttpResponse response, CancellationToken ct) => ListAsync(patientId, status, paging, true, handler, response, ct))
            .RequirePermission(Permission.PrescriptionsRead)
            .WithName("listPatientPrescriptions").WithSummary("One patient's prescriptions")
            .Produces<IReadOnlyList<PrescriptionResponse>>().ProducesProblem(400).ProducesProblem(404);
        prescriptions.MapPost("", async (PrescriptionRequest body, Prescribe handler, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(p => TypedResults.Created($"/api/v1/prescriptions/{p.Id}", p)))
            .RequirePermission(Permission.PrescriptionsWrite)
            .WithName("createPrescription").WithSummary("Prescribe (the caller is the prescriber)")
            .Produces<PrescriptionResponse>(201).ProducesProblem(400).ProducesProblem(404);
        prescriptions.MapGet("/{id:int}", async (int id, FindPrescriptions handler, CancellationToken ct) => (await handler.GetAsync(id, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.PrescriptionsRead)
            .WithName("getPrescription").WithSummary("One prescription").Produces<PrescriptionResponse>().ProducesProblem(404);
        prescriptions.MapDelete("/{id:int}", async (int id, CancelPrescription handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequirePermission(Permission.PrescriptionsWrite)
            .WithName("cancelPrescription").WithSummary("Cancel a prescription (kept in the record)").Produces(204).ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(int? patientId, string? status, Paging paging, bool patientMustExist,
        FindPrescriptions handler, HttpResponse response, CancellationToken ct)
    {
        PrescriptionStatus? parsed = null;
        if (status is not null)
        {
            if (!Enum.TryParse<PrescriptionStatus>(status, ignoreCase: true, out var s) || !Enum.IsDefined(s))
            {
                return Problem.Invalid("status", "One of: active, expired, cancelled.").ToHttp();
            }
            parsed = s;
        }
        if (paging.Validate() is { } invalid)
        {
            return invalid.ToHttp();
        }
        var outcome = await handler.ListAsync(patientId, parsed, paging, patientMustExist, ct);
        return outcome.ToHttp(result =>
        {
            return Paging.Page(response, result.Items, result.Total);
        });
    }
}
