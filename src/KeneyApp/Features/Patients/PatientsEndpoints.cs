using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;

namespace KeneyApp.Features.Patients;

public static class PatientsEndpoints
{
    public static IServiceCollection AddPatients(this IServiceCollection services) => services
        .AddScoped<PatientReader>().AddScoped<PatientWriter>()
        .AddScoped<CreatePatient>().AddScoped<GetPatient>().AddScoped<ListPatients>().AddScoped<UpdatePatient>()
        .AddScoped<DeletePatient>().AddScoped<PatientHistory>().AddScoped<InvitePatientToPortal>()
        .AddNavLink("Nav.Patients", "/patients", 10, PermissionPolicies.Staff)
        .AddNavLink("Nav.MyRecord", "/my-record", 10, PermissionPolicies.Patient)
        .AddPatientPicker<Ui.PatientPicker>();

    public static void MapPatients(this IEndpointRouteBuilder routes)
    {
        var patients = routes.MapGroup("/api/v1/patients").WithTags("Patients")
            .RequireAuthorization().RequireRateLimiting(RateLimits.Api)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);

        patients.MapGet("", async ([AsParameters] Paging paging, string? q, ListPatients handler, HttpResponse response, CancellationToken ct) =>
            {
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                var (items, total) = await handler.HandleAsync(q, paging, ct);
                return Paging.Page(response, items, total);
            })
            .RequirePermission(Permission.PatientsReadIdentity)
            .WithName("listPatients").WithSummary("Patients of the clinic; q searches name, birth date, e-mail, phone or INS")
            .Produces<IReadOnlyList<PatientResponse>>().ProducesProblem(400);
        patients.MapPost("", async (PatientRequest body, CreatePatient handler, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(p => TypedResults.Created($"/api/v1/patients/{p.Id}", p)))
            .RequirePermission(Permission.PatientsCreate)
            .WithName("createPatient").WithSummary("Register a patient")
            .WithDescription("409 with existing_patient_id when a live record of the clinic already has this INS.")
            .Produces<PatientResponse>(201).ProducesProblem(400).ProducesProblem(409);
        patients.MapGet("/{id:int}", async (int id, GetPatient handler, CancellationToken ct) => (await handler.HandleAsync(id, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.PatientsReadIdentity)
            .WithName("getPatient").WithSummary("One patient (staff of the clinic, or the patient)").Produces<PatientResponse>().ProducesProblem(404);
        patients.MapPut("/{id:int}", async (int id, PatientRequest body, UpdatePatient handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, body, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.PatientsUpdateIdentity)
            .WithName("updatePatient").WithSummary("Update a patient: fields sent and writable by the role are replaced, the rest stay as they are")
            .Produces<PatientResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        patients.MapDelete("/{id:int}", async (int id, DeletePatient handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequirePermission(Permission.PatientsDelete)
            .WithName("deletePatient").WithSummary("Archive a patient").Produces(204).ProducesProblem(404);
        patients.MapGet("/{id:int}/history", async (int id, PatientHistory handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.PatientsReadIdentity)
            .WithName("getPatientHistory").WithSummary("The patient's timeline, newest first")
            .Produces<IReadOnlyList<HistoryItem>>().ProducesProblem(404);
        patients.MapPost("/{id:int}/portal-account", async (int id, InvitePatientToPortal handler, CancellationToken ct) =>
                (await handler.HandleAsync(id, ct)).ToHttp(invitation => TypedResults.Accepted($"/api/v1/patients/{invitation.PatientId}", invitation)))
            .RequirePermission(Permission.PatientsCreate)
            .WithName("invitePatientToPortal")
            .WithSummary("Invite the patient to the portal: the activation link is e-mailed to the address on the record")
            .WithDescription("Creates the patient's portal account (one per patient) if needed and e-mails a one-time activation link to " +
                "the patient's address. The answer never holds the link. Calling it again before activation sends a new link and voids " +
                "the previous one; after activation it answers 409.")
            .Produces<PortalInvitationResponse>(202).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
    }
}
