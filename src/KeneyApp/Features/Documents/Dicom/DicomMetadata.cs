namespace KeneyApp.Features.Documents.Dicom;

/// <summary>What a DICOM document's <c>extracted_metadata</c> holds: the attributes a clinician needs to recognise the study.</summary>
internal static class DicomMetadata
{
    public static Dictionary<string, object> From(DicomDataset dataset)
    {
        var metadata = new Dictionary<string, object>();
        Add(metadata, "patient_name", dataset.Text(DicomTags.PatientName));
        Add(metadata, "patient_id", dataset.Text(DicomTags.PatientId));
        Add(metadata, "study_date", dataset.Date(DicomTags.StudyDate));
        Add(metadata, "modality", dataset.Text(DicomTags.Modality));
        Add(metadata, "study_instance_uid", dataset.Text(DicomTags.StudyInstanceUid));
        Add(metadata, "series_instance_uid", dataset.Text(DicomTags.SeriesInstanceUid));
        Add(metadata, "sop_instance_uid", dataset.Text(DicomTags.SopInstanceUid));
        Add(metadata, "body_part_examined", dataset.Text(DicomTags.BodyPartExamined));
        Add(metadata, "rows", dataset.UInt16(DicomTags.Rows));
        Add(metadata, "columns", dataset.UInt16(DicomTags.Columns));
        return metadata;
    }

    private static void Add(Dictionary<string, object> metadata, string name, object? value)
    {
        if (value is not null)
        {
            metadata[name] = value;
        }
    }
}
