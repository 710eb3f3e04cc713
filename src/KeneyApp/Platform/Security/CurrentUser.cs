using System.Globalization;
using System.Security.Claims;

namespace KeneyApp.Platform.Security;

/// <summary>The verified caller, read from the access token's (or the web cookie's) claims.</summary>
public sealed class CurrentUser(CallerPrincipal caller)
{
    private ClaimsPrincipal? Principal => caller.Principal;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;
    public int Id => IntClaim(KeneyClaims.UserId) ?? throw new InvalidOperationException("No authenticated user.");
    public int? TenantId => IntClaim(KeneyClaims.TenantId);
    public string Role => Principal?.FindFirst(KeneyClaims.Role)?.Value ?? "";
    public int? PatientId => IntClaim(KeneyClaims.PatientId);
    public Guid? SessionId => Guid.TryParse(Principal?.FindFirst(KeneyClaims.SessionId)?.Value, out var sid) ? sid : null;

    public bool Can(Permission permission) => IsAuthenticated && RolePermissions.Has(Role, permission);

    private int? IntClaim(string type) =>
        int.TryParse(Principal?.FindFirst(type)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value : null;
}
