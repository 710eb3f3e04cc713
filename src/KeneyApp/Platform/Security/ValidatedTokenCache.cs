using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace KeneyApp.Platform.Security;

/// <summary>
/// Access tokens already found valid, remembered until they expire: a client sends the same token with every
/// request for its 15 minutes, and parsing it and checking its signature again each time was 6–7% of the app's
/// time on a conversation page (bench/scenarios/messaging.sh).
/// <list type="bullet">
/// <item>Only the exact token string that passed the full validation hits, and only under the issuer, audience and
/// signing key it was validated with; anything else, a tampered copy included, goes through the full validation.</item>
/// <item>Each hit checks the lifetime again, with the validation's own rule and clock (<see cref="TokenIssuer"/>),
/// so a remembered token stops working when it expires, as any other.</item>
/// <item>Each hit gets its own copy of the identity, so that no request sees another's changes to it. The parsed
/// token itself is shared; nothing changes it after parsing.</item>
/// <item>Bounded: when full, expired tokens are swept out, at most once every few seconds; until that frees room,
/// new tokens are validated in full without being remembered.</item>
/// </list>
/// This remembers the signature and lifetime checks only. Whether the token's session is still open (logout,
/// revocation, the account's role and state) is asked on every request after it, by <see cref="SessionCheck"/>.
/// </summary>
internal sealed class ValidatedTokenCache(TokenHandler inner, int capacity = ValidatedTokenCache.DefaultCapacity, int sweepIntervalMs = 5_000)
    : TokenHandler
{
    public const int DefaultCapacity = 20_000;

    private sealed record Remembered(SecurityToken Token, ClaimsIdentity Identity, SecurityKey? Key, string? Issuer, string? Audience);

    private readonly ConcurrentDictionary<string, Remembered> _valid = new(StringComparer.Ordinal);
    private int _count; // ConcurrentDictionary.Count takes every lock
    private long _nextSweep;
    private long _hits;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Validations answered from memory; tests use it to see that the app's own requests do hit.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out var known))
        {
            if (SameValidation(known, validationParameters) && StillValid(known.Token, validationParameters))
            {
                Interlocked.Increment(ref _hits);
                return new TokenValidationResult { IsValid = true, SecurityToken = known.Token, ClaimsIdentity = known.Identity.Clone() };
            }
            Forget(token);
        }
        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            Remember(token, result, validationParameters);
        }
        return result;
    }

    private void Remember(string token, TokenValidationResult result, TokenValidationParameters parameters)
    {
        if (Count >= capacity)
        {
            SweepExpired(parameters);
        }
        var entry = new Remembered(result.SecurityToken, result.ClaimsIdentity.Clone(), parameters.IssuerSigningKey,
            parameters.ValidIssuer, parameters.ValidAudience);
        if (Count < capacity && _valid.TryAdd(token, entry))
        {
            Interlocked.Increment(ref _count);
        }
    }

    private void Forget(string token)
    {
        if (_valid.TryRemove(token, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private static bool SameValidation(Remembered known, TokenValidationParameters parameters) =>
        ReferenceEquals(known.Key, parameters.IssuerSigningKey) && known.Issuer == parameters.ValidIssuer && known.Audience == parameters.ValidAudience;

    private static bool StillValid(SecurityToken token, TokenValidationParameters parameters)
    {
        try
        {
            Validators.ValidateLifetime(token.ValidFrom, token.ValidTo, token, parameters);
            return true;
        }
        catch (SecurityTokenException)
        {
            return false;
        }
    }

    private void SweepExpired(TokenValidationParameters parameters)
    {
        var now = Environment.TickCount64;
        var due = Volatile.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + sweepIntervalMs, due) != due)
        {
            return;
        }
        foreach (var (token, known) in _valid)
        {
            if (!StillValid(known.Token, parameters))
            {
                Forget(token);
            }
        }
    }
}
