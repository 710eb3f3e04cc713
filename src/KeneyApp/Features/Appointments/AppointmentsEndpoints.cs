using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;
using KeneyApp.Platform.Ui;
using Microsoft.AspNetCore.Mvc;

namespace KeneyApp.Features.Appointments;

public static class AppointmentsEndpoints
{
    public static IServiceCollection AddAppointments(this IServiceCollection services) => services
        .AddSingleton<ScheduleLocks>().AddScoped<Schedule>()
        .AddScoped<BookAppointment>().AddScoped<FindAppointments>().AddScoped<ChangeAppointment>().AddScoped<ListDoctors>().AddScoped<PatientNames>()
        .AddNavLink("Nav.Schedule", "/schedule", 15, PermissionPolicies.Staff)
        .AddHomePanel<Ui.TodayPanel>(10, PermissionPolicies.Name(Permission.AppointmentsRead))
        .AddChartTab<Ui.AppointmentsTab>("Chart.Appointments", 10, PermissionPolicies.Name(Permission.AppointmentsRead));

    public static void MapAppointments(this IEndpointRouteBuilder routes)
    {
        var appointments = routes.MapGroup("/api/v1/appointments").WithTags("Appointments")
            .RequireAuthorization().RequireRateLimiting(RateLimits.Api)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);

        appointments.MapGet("", async (
                [AsParameters] Paging paging, string? from, string? to, [FromQuery(Name = "doctor_id")] int? doctorId,
                [FromQuery(Name = "patient_id")] int? patientId, string? status, FindAppointments handler, HttpResponse response, CancellationToken ct) =>
            {
                AppointmentStatus? parsed = null;
                if (status is not null)
                {
                    if (!Enum.TryParse<AppointmentStatus>(status.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var s))
                    {
                        return Problem.Invalid("status", "One of: scheduled, confirmed, in_progress, completed, cancelled, no_show.").ToHttp();
                    }
                    parsed = s;
                }
                if (paging.Validate() is { } invalid)
                {
                    return invalid.ToHttp();
                }
                return (await handler.ListAsync(new AppointmentQuery(from, to, doctorId, patientId, parsed), paging, ct))
                    .ToHttp(page => Paging.Page(response, page.Items, page.Total));
            })
            .RequirePermission(Permission.AppointmentsRead)
            .WithName("listAppointments").WithSummary("Appointments, filtered by period, doctor, patient or status")
            .WithDescription("from and to take a date and time with its offset (2026-12-20T09:30:00+01:00, or Z), or a bare date " +
                "(2026-12-20) meaning that day in the clinic's time zone; to is exclusive, a bare date included. An instant without an " +
                "offset is refused.")
            .Produces<IReadOnlyList<AppointmentResponse>>().ProducesProblem(400);
        appointments.MapPost("", async (AppointmentRequest body, BookAppointment handler, CancellationToken ct) =>
                (await handler.HandleAsync(body, ct)).ToHttp(a => TypedResults.Created($"/api/v1/appointments/{a.Id}", a)))
            .RequirePermission(Permission.AppointmentsWrite)
            .WithName("createAppointment").WithSummary("Book an appointment (409 when the doctor is not free)")
            .Produces<AppointmentResponse>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        appointments.MapGet("/{id:int}", async (int id, FindAppointments handler, CancellationToken ct) => (await handler.GetAsync(id, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.AppointmentsRead)
            .WithName("getAppointment").WithSummary("One appointment").Produces<AppointmentResponse>().ProducesProblem(404);
        appointments.MapPut("/{id:int}", async (int id, AppointmentRequest body, ChangeAppointment handler, CancellationToken ct) =>
                (await handler.UpdateAsync(id, body, ct)).ToHttp(TypedResults.Ok))
            .RequirePermission(Permission.AppointmentsWrite)
            .WithName("updateAppointment").WithSummary("Reschedule or change the status of an appointment (fields left out keep their value)")
            .Produces<AppointmentResponse>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        appointments.MapDelete("/{id:int}", async (int id, ChangeAppointment handler, CancellationToken ct) =>
                (await handler.CancelAsync(id, ct)).ToHttp(_ => TypedResults.NoContent()))
            .RequirePermission(Permission.AppointmentsWrite)
            .WithName("cancelAppointment").WithSummary("Cancel an appointment (kept for the record)").Produces(204).ProducesProblem(404);
    }
}
