using System.Globalization;
using KeneyApp.Platform;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Identity;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Demo;

/// <summary>
/// Creates the demo clinics and accounts once (a second start finds the "demo" clinic and does nothing).
/// The password is <c>KENEYAPP_DEMO_PASSWORD</c>, else a random one printed once, at creation.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, Passwords passwords, FieldEncryptor encryptor, IConfiguration configuration, TimeProvider clock,
    IServiceScopeFactory scopes, IHttpContextAccessor http, ILoggerFactory loggers) : IDemoData
{
    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Tenants.AnyAsync(t => t.Slug == DemoAccounts.Clinics[0].Slug, ct))
        {
            return;
        }
        var password = configuration["KENEYAPP_DEMO_PASSWORD"];
        var generated = string.IsNullOrEmpty(password);
        password = generated ? Passwords.Generate() : password!;
        var now = clock.GetUtcNow().UtcDateTime;
        var tenants = DemoAccounts.Clinics.Select(c => new Tenant
        {
            Name = c.Name,
            Slug = c.Slug,
            ContactEmail = c.ContactEmail,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        db.Tenants.AddRange(tenants);
        await db.SaveChangesAsync(ct);
        foreach (var account in DemoAccounts.Accounts)
        {
            var user = new User
            {
                TenantId = tenants.FirstOrDefault(t => t.Slug == account.ClinicSlug)?.Id,
                Email = account.Email,
                NormalizedEmail = User.Normalize(account.Email),
                Username = account.Email,
                NormalizedUsername = User.Normalize(account.Email),
                FullName = account.FullName,
                Role = account.Role,
                CreatedAt = now,
                UpdatedAt = now,
            };
            user.PasswordHash = passwords.Hash(user, password);
            db.Users.Add(user);
        }
        await db.SaveChangesAsync(ct);
        await SeedRecordsAsync(tenants, now, ct);
        await SeedMessagesAsync(tenants[0].Id, now, ct);
        loggers.CreateLogger<DemoSeeder>().LogInformation("Demo data created: {Clinics} clinics, {Accounts} accounts.", tenants.Count, DemoAccounts.Accounts.Length);
        if (generated)
        {
            // Printed to the console only (not the structured log) and only this once.
            Console.WriteLine($"Demo password for every demo account (shown once): {password}");
        }
        // Last, and never fatal: the accounts above exist whatever becomes of the files (a store or scanner down).
        await SeedDocumentsAsync(tenants[0].Id, ct);
    }

    /// <summary>Patients (linked to the patient accounts), appointments, prescriptions and vaccinations around today.</summary>
    private async Task SeedRecordsAsync(List<Tenant> tenants, DateTime now, CancellationToken ct)
    {
        var users = await db.Users.IgnoreQueryFilters().ToListAsync(ct);
        var today = DateOnly.FromDateTime(now);
        var serial = 0;
        foreach (var tenant in tenants)
        {
            var doctors = users.Where(u => u.TenantId == tenant.Id && u.Role == Roles.Doctor).OrderBy(u => u.Id).ToList();
            var nurse = users.FirstOrDefault(u => u.TenantId == tenant.Id && u.Role == Roles.Nurse) ?? doctors[0];
            var people = DemoPatients.All.Where(p => p.Clinic == tenant.Slug).ToList();
            var patients = people.Select(p => NewPatient(tenant.Id, p, ++serial, now)).ToList();
            db.AddRange(patients);
            await db.SaveChangesAsync(ct);
            for (var i = 0; i < patients.Count; i++)
            {
                var patient = patients[i];
                if (people[i].Account is { } email)
                {
                    users.Single(u => u.Email == email).PatientId = patient.Id;
                }
                var doctor = doctors[i % doctors.Count];
                // One past visit each, and the coming days' schedule: tomorrow 09:00 UTC for the first patient (Jean Dupont).
                db.Add(Visit(patient, doctor, now.Date.AddDays(-20 - i).AddHours(8 + i % 8), AppointmentStatus.Completed, "Consultation de suivi", now));
                db.Add(Visit(patient, doctor, now.Date.AddDays(1 + i / 4).AddHours(9 + i % 4), AppointmentStatus.Scheduled,
                    i == 0 ? "Contrôle tension artérielle" : "Consultation", now));
                if (i % 2 == 0)
                {
                    // The first one ends in 7 days (a renewal reminder is due); the others run for weeks.
                    var duration = i == 0 ? 30 : 60 + i;
                    var start = i == 0 ? today.AddDays(7 - duration + 1) : today.AddDays(-i);
                    db.Add(new Prescription
                    {
                        TenantId = tenant.Id,
                        PatientId = patient.Id,
                        DoctorId = doctor.Id,
                        MedicationName = i == 0 ? "Amlodipine 5 mg" : "Paracétamol 1 g",
                        AtcCode = i == 0 ? "C08CA01" : "N02BE01",
                        Dosage = "1 comprimé",
                        Frequency = i == 0 ? "1 fois par jour" : "3 fois par jour si douleur",
                        DurationDays = duration,
                        StartDate = start,
                        EndDate = start.AddDays(duration - 1),
                        Refills = i == 0 ? 2 : 0,
                        CreatedAt = now,
                    });
                }
                // A flu shot last year: due again within the month for every third patient.
                var given = i % 3 == 0 ? today.AddDays(-365 + 20) : today.AddDays(-200);
                db.Add(new Vaccination
                {
                    TenantId = tenant.Id,
                    PatientId = patient.Id,
                    VaccineCode = "FLU",
                    VaccineName = "Grippe saisonnière",
                    DoseNumber = 1,
                    AdministeredOn = given,
                    LotNumber = $"FLU{2025}-{i:000}",
                    NextDueOn = given.AddDays(365),
                    AdministeredById = nurse.Id,
                    CreatedAt = now,
                });
            }
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Jean Dupont's lab report, ECG and chest radiograph, uploaded by Dr Martin.</summary>
    private async Task SeedDocumentsAsync(int tenantId, CancellationToken ct)
    {
        var martin = await db.Users.IgnoreQueryFilters().SingleAsync(u => u.Email == "dr.martin@demo.keneyapp.test", ct);
        var jean = await db.Users.IgnoreQueryFilters().SingleAsync(u => u.Email == "jean.dupont@demo.keneyapp.test", ct);
        await new DemoDocuments(scopes, http, loggers.CreateLogger<DemoDocuments>()).AddAsync(tenantId, martin.Id, jean.PatientId!.Value, ct);
    }

    /// <summary>A short thread between Jean Dupont and Dr Martin (encrypted like any message).</summary>
    private async Task SeedMessagesAsync(int tenantId, DateTime now, CancellationToken ct)
    {
        var users = await db.Users.IgnoreQueryFilters().Where(u => u.TenantId == tenantId).ToListAsync(ct);
        var jean = users.Single(u => u.Email == "jean.dupont@demo.keneyapp.test").Id;
        var martin = users.Single(u => u.Email == "dr.martin@demo.keneyapp.test").Id;
        (int From, int To, string Text, int HoursAgo)[] lines =
        [
            (jean, martin, "Bonjour Docteur, ma tension est à 15/9 ce matin malgré le traitement. Dois-je m'inquiéter ?", 50),
            (martin, jean, "Bonjour M. Dupont, notez-la matin et soir jusqu'à notre rendez-vous de demain et apportez le relevé.", 47),
            (jean, martin, "Entendu, merci. À demain.", 46),
        ];
        int? first = null, previous = null;
        foreach (var (from, to, text, hoursAgo) in lines)
        {
            var message = new Message
            {
                TenantId = tenantId,
                ThreadId = first ?? 0, // a thread is named by its first message's id, set below once it has one
                SenderId = from,
                ReceiverId = to,
                ReplyToId = previous,
                SubjectEncrypted = encryptor.Encrypt(tenantId, MessageFields.Subject, "Tension artérielle"),
                ContentEncrypted = encryptor.Encrypt(tenantId, MessageFields.Content, text),
                Status = hoursAgo == 46 ? MessageStatus.Sent : MessageStatus.Read,
                CreatedAt = now.AddHours(-hoursAgo),
                ReadAt = hoursAgo == 46 ? null : now.AddHours(-hoursAgo + 1),
            };
            await db.AddAsync(message, ct);
            await db.SaveChangesAsync(ct);
            if (first is null)
            {
                first = message.ThreadId = message.Id;
                await db.SaveChangesAsync(ct);
            }
            previous = message.Id;
        }
    }

    private Patient NewPatient(int tenantId, DemoPatients.Person p, int serial, DateTime now)
    {
        var born = DateOnly.ParseExact(p.Born, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sex = p.Gender == "male" ? "1" : "2";
        var body = $"{sex}{born:yy}{born:MM}75{(100 + serial):000}{(200 + serial):000}";
        return new Patient
        {
            TenantId = tenantId,
            FirstName = p.First,
            LastName = p.Last,
            SearchName = PatientRules.SearchNameOf(p.Last, p.First),
            DateOfBirth = born,
            Gender = p.Gender,
            BloodType = p.Blood,
            Phone = PatientRules.NormalizePhone(p.Phone),
            Email = p.Account ?? $"{PatientRules.Fold(p.First).ToLowerInvariant()}.{PatientRules.Fold(p.Last).ToLowerInvariant()}@patients.example",
            InsNumber = PatientRules.InsWithKey(body),
            AddressEncrypted = encryptor.Encrypt(tenantId, PatientFields.Address, p.Address),
            MedicalHistoryEncrypted = encryptor.EncryptOrNull(tenantId, PatientFields.MedicalHistory, p.History),
            AllergiesEncrypted = encryptor.EncryptOrNull(tenantId, PatientFields.Allergies, p.Allergies),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static Appointment Visit(Patient patient, User doctor, DateTime start, AppointmentStatus status, string reason, DateTime now) => new()
    {
        TenantId = patient.TenantId,
        PatientId = patient.Id,
        DoctorId = doctor.Id,
        AppointmentDate = DateTime.SpecifyKind(start, DateTimeKind.Utc),
        DurationMinutes = 30,
        EndsAt = DateTime.SpecifyKind(start, DateTimeKind.Utc).AddMinutes(30),
        Status = status,
        Reason = reason,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
