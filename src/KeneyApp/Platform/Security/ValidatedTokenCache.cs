using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace KeneyApp.Platform.Security;

/// <summary>
/// Access tokens already found valid, remembered until they expire: a client sends the same token with every
/// request for its 15 minutes, and parsing it and checking its signature again each time was 6–7% of the app's
/// time on a conversation page (bench/scenarios/messaging.sh).
/// <list type="bullet">
/// <item>Only the exact token string that passed the full validation hits; any other string, a tampered copy
/// included, goes through it.</item>
/// <item>Each hit checks the lifetime again, with the validation's own rule and clock (<see cref="TokenIssuer"/>),
/// so a remembered token stops working when it expires, as any other.</item>
/// <item>Each hit gets its own copy of the identity, so that no request sees another's changes.</item>
/// <item>Bounded: when full, expired tokens are swept out; if that frees nothing, new tokens are validated in
/// full without being remembered.</item>
/// </list>
/// </summary>
internal sealed class ValidatedTokenCache(TokenHandler inner, int capacity = ValidatedTokenCache.DefaultCapacity) : TokenHandler
{
    public const int DefaultCapacity = 20_000;

    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out var known))
        {
            if (StillValid(known.SecurityToken, validationParameters))
            {
                return CopyOf(known);
            }
            _valid.TryRemove(token, out _);
        }
        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid)
        {
            return result;
        }
        if (_valid.Count >= capacity)
        {
            SweepExpired(validationParameters);
        }
        if (_valid.Count < capacity)
        {
            _valid.TryAdd(token, result);
        }
        return CopyOf(result);
    }

    public int Count => _valid.Count;

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
        foreach (var (token, result) in _valid)
        {
            if (!StillValid(result.SecurityToken, parameters))
            {
                _valid.TryRemove(token, out _);
            }
        }
    }

    private static TokenValidationResult CopyOf(TokenValidationResult result) => new()
    {
        IsValid = true,
        SecurityToken = result.SecurityToken,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        TokenType = result.TokenType,
    };
}
