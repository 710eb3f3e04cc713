using Microsoft.AspNetCore.Identity;

namespace KeneyApp.Platform.Identity;

/// <summary>Password hashing (ASP.NET Core Identity's PBKDF2 hasher) and the password rule.</summary>
public sealed class Passwords
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 128;
    private readonly PasswordHasher<User> _hasher = new();
    // Verifying against this when the user is unknown keeps the answer time the same (no user enumeration).
    private readonly Lazy<string> _dummyHash;

    public Passwords() => _dummyHash = new(() => _hasher.HashPassword(null!, Guid.NewGuid().ToString()));

    public string Hash(User user, string password) => _hasher.HashPassword(user, password);

    public PasswordVerificationResult Verify(User user, string password) =>
        string.IsNullOrEmpty(user.PasswordHash)
            ? PasswordVerificationResult.Failed
            : _hasher.VerifyHashedPassword(user, user.PasswordHash, password);

    public void BurnTime(string password) => _hasher.VerifyHashedPassword(null!, _dummyHash.Value, password);

    public static string? Problem(string? password) => password switch
    {
        null or "" => "Required.",
        { Length: < MinimumLength } => $"At least {MinimumLength} characters.",
        { Length: > MaximumLength } => $"At most {MaximumLength} characters.",
        _ => null,
    };

    /// <summary>A one-time password for invitations and resets: 20 characters from a 57-letter alphabet (~117 bits).</summary>
    public static string Generate()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return System.Security.Cryptography.RandomNumberGenerator.GetString(alphabet, 20);
    }
}
