using System.ComponentModel.DataAnnotations;

namespace KeneyApp.Features.Vaccinations;

public sealed record VaccinationRequest(
    [property: Required] int? PatientId, [property: Required] string? VaccineCode, string? VaccineName, int? DoseNumber, DateOnly? AdministeredOn, string? LotNumber, DateOnly? NextDueOn);

public sealed record VaccinationResponse(
    int Id, int PatientId, string VaccineCode, string VaccineName, int DoseNumber, DateOnly AdministeredOn, string? LotNumber,
    DateOnly? NextDueOn, int AdministeredById, DateTime CreatedAt)
{
    public static VaccinationResponse From(Vaccination v) => new(
        v.Id, v.PatientId, v.VaccineCode, v.VaccineName, v.DoseNumber, v.AdministeredOn, v.LotNumber, v.NextDueOn, v.AdministeredById, v.CreatedAt);
}

public sealed record CatalogueEntryResponse(string Code, string Name, int? BoosterIntervalDays, int ReminderLeadDays);

public sealed record CatalogueEntryRequest(string? Name, int? BoosterIntervalDays, int? ReminderLeadDays);
