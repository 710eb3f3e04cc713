using System.Security.Cryptography;
using System.Text;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Features.Accounts;

/// <summary>Ten single-use MFA recovery codes per user, stored as SHA-256 only.</summary>
public static class RecoveryCodes
{
    public const int Count = 10;

    public static async Task<List<string>> ReplaceAsync(AppDbContext db, User user, CancellationToken ct)
    {
        db.Set<RecoveryCode>().RemoveRange(await db.Set<RecoveryCode>().Where(c => c.UserId == user.Id).ToListAsync(ct));
        var codes = Enumerable.Range(0, Count)
            .Select(_ => RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyz23456789", 10))
            .Select(c => $"{c[..5]}-{c[5..]}")
            .ToList();
        db.Set<RecoveryCode>().AddRange(codes.Select(c => new RecoveryCode { UserId = user.Id, CodeHash = HashOf(c) }));
        return codes;
    }

    /// <summary>Consumes a matching unused code; false when none matches.</summary>
    public static async Task<bool> TryUseAsync(AppDbContext db, User user, string? code, DateTime now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 32)
        {
            return false;
        }
        var hash = HashOf(code);
        var used = await db.Set<RecoveryCode>()
            .Where(c => c.UserId == user.Id && c.CodeHash == hash && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct);
        return used == 1;
    }

    private static string HashOf(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToLowerInvariant())));
}
