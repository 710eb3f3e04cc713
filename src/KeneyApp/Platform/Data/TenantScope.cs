using System.Globalization;

namespace KeneyApp.Platform.Data;

/// <summary>
/// The tenant the current unit of work runs for. Comes from the verified token's <c>tenant_id</c> claim;
/// background jobs and admin commands set it explicitly with <see cref="Use"/>.
/// </summary>
public sealed class TenantScope(Security.CallerPrincipal? caller = null)
{
    private bool _overridden;
    private int? _tenantId;

    public int? TenantId => _overridden ? _tenantId : FromClaims();

    /// <summary>Runs the rest of this scope as <paramref name="tenantId"/> (null: the platform, no tenant).</summary>
    public void Use(int? tenantId)
    {
        _overridden = true;
        _tenantId = tenantId;
    }

    private int? FromClaims()
    {
        var claim = caller?.Principal?.FindFirst(Security.KeneyClaims.TenantId)?.Value;
        return int.TryParse(claim, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
