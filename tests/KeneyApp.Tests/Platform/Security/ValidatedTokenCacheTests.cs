using System.Security.Claims;
using System.Security.Cryptography;
using KeneyApp.Platform.Security;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KeneyApp.Tests.Platform.Security;

public class ValidatedTokenCacheTests
{
    private static readonly SymmetricSecurityKey Key = new(RandomNumberGenerator.GetBytes(32));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "keneyapp",
        ValidAudience = "keneyapp-api",
        IssuerSigningKey = Key,
        ClockSkew = TimeSpan.Zero,
        LifetimeValidator = (_, expires, _, _) => expires is { } exp && exp > _clock.GetUtcNow().UtcDateTime,
    };

    private string Token(string userId, TimeSpan lifetime)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "keneyapp",
            Audience = "keneyapp-api",
            Subject = new ClaimsIdentity([new Claim("sub", userId)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    [Fact]
    public async Task Remembered_tokens_still_expire_and_each_caller_gets_its_own_identity()
    {
        var cache = new ValidatedTokenCache(new JsonWebTokenHandler());
        var token = Token("7", TimeSpan.FromMinutes(15));
        var first = await cache.ValidateTokenAsync(token, Parameters());
        var second = await cache.ValidateTokenAsync(token, Parameters());
        Assert.True(first.IsValid && second.IsValid);
        Assert.Equal(1, cache.Count);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        first.ClaimsIdentity.AddClaim(new Claim("role", "admin"));
        Assert.Null((await cache.ValidateTokenAsync(token, Parameters())).ClaimsIdentity.FindFirst("role"));

        _clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        Assert.False((await cache.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task When_full_it_sweeps_expired_tokens_and_otherwise_validates_without_remembering()
    {
        var cache = new ValidatedTokenCache(new JsonWebTokenHandler(), capacity: 2, sweepIntervalMs: 0);
        var shortLived = Token("1", TimeSpan.FromMinutes(1));
        var longLived = Token("2", TimeSpan.FromMinutes(15));
        Assert.True((await cache.ValidateTokenAsync(shortLived, Parameters())).IsValid);
        Assert.True((await cache.ValidateTokenAsync(longLived, Parameters())).IsValid);

        var third = Token("3", TimeSpan.FromMinutes(15));
        Assert.True((await cache.ValidateTokenAsync(third, Parameters())).IsValid);
        Assert.Equal(2, cache.Count); // nothing had expired: the third was checked but not remembered

        _clock.Advance(TimeSpan.FromMinutes(2));
        var fourth = Token("4", TimeSpan.FromMinutes(15));
        Assert.True((await cache.ValidateTokenAsync(fourth, Parameters())).IsValid);
        Assert.Equal(2, cache.Count); // the expired one made room
        Assert.False((await cache.ValidateTokenAsync(shortLived, Parameters())).IsValid);
        Assert.Equal(2, cache.Count); // the sweep, not this last look, removed it
    }

    [Fact]
    public async Task A_remembered_token_is_validated_again_under_another_key_issuer_or_audience()
    {
        var cache = new ValidatedTokenCache(new JsonWebTokenHandler());
        var token = Token("7", TimeSpan.FromMinutes(15));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters())).IsValid);

        var otherKey = Parameters();
        otherKey.IssuerSigningKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        var otherAudience = Parameters();
        otherAudience.ValidAudience = "another-api";
        var otherIssuer = Parameters();
        otherIssuer.ValidIssuer = "someone-else";
        foreach (var parameters in new[] { otherKey, otherAudience, otherIssuer })
        {
            Assert.False((await cache.ValidateTokenAsync(token, parameters)).IsValid);
        }
        Assert.True((await cache.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task A_token_that_fails_validation_is_not_remembered()
    {
        var cache = new ValidatedTokenCache(new JsonWebTokenHandler());
        var token = Token("7", TimeSpan.FromMinutes(15));
        var other = new TokenValidationParameters { ValidIssuer = "keneyapp", ValidAudience = "keneyapp-api", IssuerSigningKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) };
        Assert.False((await cache.ValidateTokenAsync(token, other)).IsValid);
        Assert.Equal(0, cache.Count);
    }
}
