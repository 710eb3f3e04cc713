namespace KeneyApp.Features.Accounts;

public sealed record UserResponse(
    int Id, string Email, string Username, string FullName, string Role, int? TenantId, bool IsActive, bool IsLocked,
    bool LockedOut, bool MfaEnabled, string PreferredLanguage, int? PatientId, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static UserResponse From(User u, DateTime now) => new(
        u.Id, u.Email, u.Username, u.FullName, u.Role, u.TenantId, u.IsActive, u.IsLocked, u.LockoutEnd > now,
        u.MfaEnabled, u.PreferredLanguage, u.PatientId, u.CreatedAt, u.UpdatedAt);
}

/// <summary>A created account, with the one-time password when the server generated it (shown once).</summary>
public sealed record CreatedUserResponse(UserResponse User, string? TemporaryPassword);
