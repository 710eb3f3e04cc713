using System.Security.Claims;

namespace KeneyApp.Platform.Security;

/// <summary>
/// Who is calling, for this DI scope: the request's user, or, in a scope a web page opens for one operation (an
/// interactive page has no request of its own), the signed-in user it was given. <see cref="CurrentUser"/> and the
/// clinic filter both read it.
/// </summary>
public sealed class CallerPrincipal(IHttpContextAccessor http)
{
    private ClaimsPrincipal? _given;

    public ClaimsPrincipal? Principal => _given ?? http.HttpContext?.User;

    public void Use(ClaimsPrincipal principal) => _given = principal;
}
