using KeneyApp.Features.Accounts;
using KeneyApp.Features.Appointments;
using KeneyApp.Features.Audit;
using KeneyApp.Features.Documents;
using KeneyApp.Features.Messaging;
using KeneyApp.Features.Notifications;
using KeneyApp.Features.Patients;
using KeneyApp.Features.Prescriptions;
using KeneyApp.Features.Sharing;
using KeneyApp.Features.Tenancy;
using KeneyApp.Features.Vaccinations;
using KeneyApp.Platform.Configuration;

namespace KeneyApp.Features;

/// <summary>Every feature's services and endpoints, in one list.</summary>
public static class FeatureSetup
{
    public static IServiceCollection AddKeneyFeatures(this IServiceCollection services, IConfiguration configuration, HostRole role) => services
        .AddScoped<Domain.ClinicCalendar>()
        .AddAccounts()
        .AddUserManagement()
        .AddTenancy()
        .AddAuditTrail()
        .AddPatients()
        .AddAppointments()
        .AddPrescriptions()
        .AddVaccinations()
        .AddMessaging()
        .AddDocuments()
        .AddSharing()
        .AddNotifications(configuration, role);

    public static void MapKeneyFeatures(this IEndpointRouteBuilder routes)
    {
        routes.MapAccounts();
        routes.MapUsers();
        routes.MapTenants();
        routes.MapAudit();
        routes.MapPatients();
        routes.MapAppointments();
        routes.MapPrescriptions();
        routes.MapVaccinations();
        routes.MapMessaging();
        routes.MapDocuments();
        routes.MapSharing();
        routes.MapNotifications();
    }
}
