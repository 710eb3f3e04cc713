namespace KeneyApp.Features.Tenancy;

public sealed record TenantResponse(
    int Id, string Name, string Slug, string? ContactEmail, string DefaultTimezone, string DefaultLanguage, bool IsActive,
    DateTime CreatedAt, DateTime UpdatedAt)
{
    public static TenantResponse From(Tenant t) =>
        new(t.Id, t.Name, t.Slug, t.ContactEmail, t.DefaultTimezone, t.DefaultLanguage, t.IsActive, t.CreatedAt, t.UpdatedAt);
}

internal static class TenantRules
{
    public static bool IsLanguage(string? code) => code is "fr" or "en";
    public static bool IsSlug(string? slug) =>
        slug is { Length: >= 2 and <= 64 } && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !slug.StartsWith('-') && !slug.EndsWith('-');
}
