using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KeneyApp.Domain;

/// <summary>Validation and normalisation of patient identity fields (French practice: INS, national phone numbers).</summary>
public static partial class PatientRules
{
    public static readonly IReadOnlySet<string> BloodTypes = new HashSet<string> { "A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-" };
    public static readonly IReadOnlySet<string> Genders = new HashSet<string> { "male", "female", "other" };
    public static readonly IReadOnlySet<string> Languages = new HashSet<string> { "fr", "en" };

    /// <summary>Upper case, no accents, single spaces: "Élodie  Lefèvre" → "ELODIE LEFEVRE". Search compares this form.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.IsWhiteSpace(c) ? ' ' : char.ToUpperInvariant(c));
            }
        }
        // Recompose: scripts whose letters decompose without accents (Hangul) keep their length.
        return MultipleSpaces().Replace(builder.ToString().Normalize(NormalizationForm.FormC), " ");
    }

    public static string SearchNameOf(string lastName, string firstName) => Fold($"{lastName} {firstName}");

    /// <summary>E.164 (+33612345678) or French national form (06 12 34 56 78, 06.12.34.56.78) → E.164; null when neither.</summary>
    public static string? NormalizePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        var compact = PhoneSeparators().Replace(phone.Trim(), "");
        if (compact.StartsWith("00", StringComparison.Ordinal))
        {
            compact = "+" + compact[2..];
        }
        if (FrenchNational().IsMatch(compact))
        {
            return "+33" + compact[1..];
        }
        return E164().IsMatch(compact) ? compact : null;
    }

    /// <summary>INS (NIR): 13 digits and a 2-digit key = 97 − (number mod 97). Corsican 2A/2B count as 19/18.</summary>
    public static bool IsValidIns(string? ins)
    {
        if (ins is null || ins.Length != 15)
        {
            return false;
        }
        var body = ins[..13].ToUpperInvariant();
        var digits = body.Replace("2A", "19", StringComparison.Ordinal).Replace("2B", "18", StringComparison.Ordinal);
        if (!digits.All(char.IsAsciiDigit) || !ins[13..].All(char.IsAsciiDigit))
        {
            return false;
        }
        var number = long.Parse(digits, CultureInfo.InvariantCulture);
        return 97 - (number % 97) == int.Parse(ins[13..], CultureInfo.InvariantCulture);
    }

    /// <summary>Builds a valid INS from its 13-digit body (demo data and tests).</summary>
    public static string InsWithKey(string body13) =>
        body13 + (97 - long.Parse(body13, CultureInfo.InvariantCulture) % 97).ToString("00", CultureInfo.InvariantCulture);


    [GeneratedRegex(@"\s+")]
    private static partial Regex MultipleSpaces();

    [GeneratedRegex(@"[\s.\-()]")]
    private static partial Regex PhoneSeparators();

    [GeneratedRegex(@"^0[1-9]\d{8}$")]
    private static partial Regex FrenchNational();

    [GeneratedRegex(@"^\+[1-9]\d{7,14}$")]
    private static partial Regex E164();
}
