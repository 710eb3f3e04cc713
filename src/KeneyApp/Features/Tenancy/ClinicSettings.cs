using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;

namespace KeneyApp.Features.Tenancy;

public sealed record ClinicSettingsRequest(
    string? Name, string? ContactEmail, string? DefaultTimezone, string? DefaultLanguage, ClinicNotificationSettings? Notifications = null);

/// <summary>
/// A clinic's admin reads and changes its own clinic's settings (name, contact, time zone, language); opening and
/// closing clinics stays the operator's. The same rules as the operator's change, in <see cref="UpdateTenant"/>.
/// </summary>
public sealed class ClinicSettings(UpdateTenant tenants, CurrentUser user)
{
    public Task<Outcome<TenantResponse>> GetAsync(CancellationToken ct) => tenants.GetAsync(Own, ct);

    public Task<Outcome<TenantResponse>> UpdateAsync(ClinicSettingsRequest request, CancellationToken ct) =>
        tenants.HandleAsync(Own, new UpdateTenantRequest(request.Name, request.ContactEmail, request.DefaultTimezone, request.DefaultLanguage, IsActive: null), ct,
            request.Notifications);

    private int Own => user.TenantId ?? throw new InvalidOperationException("A clinic admin always has a clinic.");
}
