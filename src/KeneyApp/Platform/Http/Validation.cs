namespace KeneyApp.Platform.Http;

/// <summary>Collects field errors under their snake_case wire names.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public Validation Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }
            list.Add(message);
        }
        return this;
    }

    public Validation Required(string? value, string field, int maxLength)
    {
        Check(!string.IsNullOrWhiteSpace(value), field, "Required.");
        return Check(value is null || value.Length <= maxLength, field, $"At most {maxLength} characters.");
    }

    public Validation Optional(string? value, string field, int maxLength) =>
        Check(value is null || value.Length <= maxLength, field, $"At most {maxLength} characters.");

    public Validation Email(string? value, string field) =>
        Check(value is null || IsEmail(value), field, "Not a valid e-mail address.");

    public Problem ToProblem() => Problem.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public static bool IsEmail(string value) =>
        value.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value.Trim()
        && value.Contains('.', StringComparison.Ordinal);
}
