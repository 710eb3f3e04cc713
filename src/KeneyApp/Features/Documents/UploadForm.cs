using System.Globalization;
using System.Text.Json;
using KeneyApp.Platform.Http;

namespace KeneyApp.Features.Documents;

/// <summary>The form fields that come with an uploaded file, checked and typed.</summary>
public sealed record UploadForm(
    int PatientId, DocumentType DocumentType, string? Description, IReadOnlyList<string> Tags, int? AppointmentId, int? PrescriptionId,
    bool IsSensitive)
{
    public static readonly IReadOnlySet<string> Fields = new HashSet<string>(StringComparer.Ordinal)
    {
        "patient_id", "document_type", "description", "tags", "appointment_id", "prescription_id", "is_sensitive",
    };

    public const int MaxDescription = 1000;
    public const int MaxTags = 20;
    public const int MaxTag = 50;

    public static Outcome<UploadForm> Parse(IReadOnlyDictionary<string, string> fields)
    {
        var errors = new Validation();
        var patientId = Id(fields, "patient_id", required: true, errors);
        var type = Type(fields.GetValueOrDefault("document_type"), "document_type", errors);
        var description = fields.GetValueOrDefault("description")?.Trim();
        errors.Check(description is null || description.Length <= MaxDescription, "description", $"At most {MaxDescription} characters.");
        var tags = ParseTags(fields.GetValueOrDefault("tags"), errors);
        var appointmentId = Id(fields, "appointment_id", required: false, errors);
        var prescriptionId = Id(fields, "prescription_id", required: false, errors);
        var sensitive = true;
        if (fields.TryGetValue("is_sensitive", out var flag))
        {
            errors.Check(bool.TryParse(flag, out sensitive), "is_sensitive", "true or false.");
        }
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }
        return new UploadForm(patientId!.Value, type!.Value, string.IsNullOrEmpty(description) ? null : description, tags, appointmentId,
            prescriptionId, sensitive);
    }

    /// <summary>A document type by its wire name (<c>lab_result</c>).</summary>
    public static DocumentType? Type(string? value, string field, Validation errors)
    {
        var type = Enum.GetValues<DocumentType>().Cast<DocumentType?>().FirstOrDefault(t => WireName.Of(t!.Value) == value);
        errors.Check(type is not null, field,
            $"Required, one of: {string.Join(", ", Enum.GetValues<DocumentType>().Select(t => WireName.Of(t)))}.");
        return type;
    }

    /// <summary>Tags as a JSON array of strings or a comma-separated list; trimmed, de-duplicated.</summary>
    public static IReadOnlyList<string> ParseTags(string? value, Validation errors, string field = "tags")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }
        List<string> tags;
        if (value.TrimStart().StartsWith('['))
        {
            try
            {
                tags = JsonSerializer.Deserialize<List<string>>(value) ?? [];
            }
            catch (JsonException)
            {
                errors.Check(false, field, "A JSON array of strings, or a comma-separated list.");
                return [];
            }
        }
        else
        {
            tags = [.. value.Split(',')];
        }
        errors.Check(tags.All(t => t is not null), field, "Tags are strings.");
        var clean = tags.OfType<string>().Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        errors.Check(clean.Count <= MaxTags, field, $"At most {MaxTags} tags.")
            .Check(clean.All(t => t.Length <= MaxTag), field, $"Each tag at most {MaxTag} characters.");
        return clean;
    }

    private static int? Id(IReadOnlyDictionary<string, string> fields, string field, bool required, Validation errors)
    {
        if (!fields.TryGetValue(field, out var text) || string.IsNullOrWhiteSpace(text))
        {
            errors.Check(!required, field, "Required.");
            return null;
        }
        var ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0;
        errors.Check(ok, field, "A positive integer id.");
        return ok ? id : null;
    }
}
