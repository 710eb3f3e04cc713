using Microsoft.Extensions.Compliance.Classification;

namespace KeneyApp.Platform.Observability;

/// <summary>
/// Data classes for log redaction. A log parameter marked <see cref="PhiAttribute"/> or
/// <see cref="SecretAttribute"/> is erased by the redactor, so a mistake shows in a test, not in a log file.
/// </summary>
public static class DataClasses
{
    public const string Taxonomy = "KeneyApp";
    public static DataClassification Phi => new(Taxonomy, nameof(Phi));
    public static DataClassification Secret => new(Taxonomy, nameof(Secret));
}

/// <summary>Patient data: names, contact details, clinical text, file names.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PhiAttribute() : DataClassificationAttribute(DataClasses.Phi);

/// <summary>Credentials: passwords, tokens, PINs, keys.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecretAttribute() : DataClassificationAttribute(DataClasses.Secret);
