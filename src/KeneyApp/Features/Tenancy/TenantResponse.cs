using KeneyApp.Platform.Http;

namespace KeneyApp.Features.Tenancy;

public sealed record TenantResponse(
    int Id, string Name, string Slug, string? ContactEmail, string DefaultTimezone, string DefaultLanguage, bool IsActive,
    ClinicNotificationSettings Notifications, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static TenantResponse From(Tenant t) =>
        new(t.Id, t.Name, t.Slug, t.ContactEmail, t.DefaultTimezone, t.DefaultLanguage, t.IsActive, ClinicNotificationSettings.Of(t), t.CreatedAt, t.UpdatedAt);
}

/// <summary>
/// The clinic's notification settings: reminder lead times (hours before an appointment), days before a
/// prescription ends, minutes before an unread urgent message is escalated by SMS, and whether lab results reach
/// patients at upload rather than once a doctor released them. In a request, members left out stay as they are.
/// </summary>
public sealed record ClinicNotificationSettings(
    IReadOnlyList<int>? AppointmentReminderLeadHours, int? PrescriptionRenewalLeadDays, int? UrgentMessageEscalationMinutes, bool? LabResultsReleasedAtUpload)
{
    public static ClinicNotificationSettings Of(Tenant t) => new(
        Tenant.LeadHours(t.AppointmentReminderLeadHours),
        t.PrescriptionRenewalLeadDays, t.UrgentMessageEscalationMinutes, t.LabResultsReleasedAtUpload);

    public Validation Check(Validation validation) => validation
        .Check(AppointmentReminderLeadHours is null || (AppointmentReminderLeadHours.Count is >= 1 and <= 4
                && AppointmentReminderLeadHours.All(h => h is >= 1 and <= 336) && AppointmentReminderLeadHours.Distinct().Count() == AppointmentReminderLeadHours.Count),
            "notifications.appointment_reminder_lead_hours", "One to four different numbers of hours, each from 1 to 336.")
        .Check(PrescriptionRenewalLeadDays is null or (>= 1 and <= 60), "notifications.prescription_renewal_lead_days", "From 1 to 60 days.")
        .Check(UrgentMessageEscalationMinutes is null or (>= 5 and <= 1440), "notifications.urgent_message_escalation_minutes", "From 5 to 1440 minutes.");

    public void ApplyTo(Tenant t)
    {
        t.AppointmentReminderLeadHours = AppointmentReminderLeadHours is { } hours
            ? string.Join(',', hours.Order().Select(h => h.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            : t.AppointmentReminderLeadHours;
        t.PrescriptionRenewalLeadDays = PrescriptionRenewalLeadDays ?? t.PrescriptionRenewalLeadDays;
        t.UrgentMessageEscalationMinutes = UrgentMessageEscalationMinutes ?? t.UrgentMessageEscalationMinutes;
        t.LabResultsReleasedAtUpload = LabResultsReleasedAtUpload ?? t.LabResultsReleasedAtUpload;
    }
}

internal static class TenantRules
{
    public static bool IsLanguage(string? code) => code is "fr" or "en";
    public static bool IsSlug(string? slug) =>
        slug is { Length: >= 2 and <= 64 } && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !slug.StartsWith('-') && !slug.EndsWith('-');
}
