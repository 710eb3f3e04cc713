using KeneyApp.Platform.Data;
using KeneyApp.Platform.Http;
using KeneyApp.Platform.Security;

namespace KeneyApp.Platform.Audit;

/// <summary>
/// What handlers call: records who did what to which resource, with the request's IP, user agent and
/// correlation id. Inside the handler's transaction (a change) the entry is written in that transaction, so the
/// change and its entry commit together or not at all; outside one (a read) it is committed, with others, before
/// the call returns, so before the answer. Details must hold ids and codes only — never names or free text.
/// </summary>
public sealed class AuditLog(AppDbContext db, AuditWriter writer, CurrentUser user, IHttpContextAccessor http, TimeProvider clock)
{
    public Task RecordAsync(string action, string resourceType, object? resourceId, string outcome = AuditOutcomes.Success,
        string? details = null, CancellationToken ct = default) =>
        RecordForAsync(user.IsAuthenticated ? user.Id : null, user.IsAuthenticated ? user.Role : null,
            user.IsAuthenticated ? user.TenantId : null, action, resourceType, resourceId, outcome, details, ct);

    /// <summary>A read of a page of records: their ids, and nothing else, in the details (capped to the column).</summary>
    public Task RecordPageReadAsync<TId>(string resourceType, IEnumerable<TId> ids, CancellationToken ct = default)
    {
        var details = "ids=" + string.Join(',', ids);
        return RecordAsync(AuditActions.Read, resourceType, null, details: details.Length <= 4000 ? details : details[..4000], ct: ct);
    }

    /// <summary>For events with no token yet (login): the caller names the user and tenant.</summary>
    public Task RecordForAsync(int? userId, string? role, int? tenantId, string action, string resourceType, object? resourceId,
        string outcome = AuditOutcomes.Success, string? details = null, CancellationToken ct = default)
    {
        var context = http.HttpContext;
        var entry = new AuditEntry
        {
            TenantId = tenantId,
            OccurredAt = clock.GetUtcNow().UtcDateTime,
            UserId = userId,
            UserRole = role,
            Action = action,
            ResourceType = resourceType,
            ResourceId = Truncate(Convert.ToString(resourceId, System.Globalization.CultureInfo.InvariantCulture), 64),
            Outcome = outcome,
            ClientIp = context?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(context?.Request.Headers.UserAgent.ToString(), 512),
            CorrelationId = context is null ? null : CorrelationId.Of(context),
            Details = details,
        };
        if (db.Database.CurrentTransaction is not null)
        {
            db.AuditEntries.Add(entry);
            return db.SaveChangesAsync(ct);
        }
        // Not the request's token: a client that hangs up must not leave what it was answered unaudited.
        return writer.AppendAsync(entry, CancellationToken.None);
    }

    private static string? Truncate(string? value, int max) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= max ? value : value[..max];
}

public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}

public static class AuditActions
{
    public const string Create = "create";
    public const string Read = "read";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string Login = "login";
    public const string LoginFailed = "login_failed";
    public const string Logout = "logout";
    public const string TokenRefresh = "token_refresh";
    public const string TokenReuse = "token_reuse";
    public const string PasswordChange = "password_change";
    public const string PasswordReset = "password_reset";
    public const string MfaSetup = "mfa_setup";
    public const string MfaEnable = "mfa_enable";
    public const string MfaDisable = "mfa_disable";
    public const string Verify = "verify";
    public const string Download = "download";
    public const string Preview = "preview";
}
