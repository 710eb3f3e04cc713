using KeneyApp.Platform.Security;

namespace KeneyApp.Demo;

/// <summary>The demo clinics and accounts of ARCHITECTURE.md ("Demo data"). E-mail = login.</summary>
public static class DemoAccounts
{
    public sealed record Clinic(string Slug, string Name, string ContactEmail);
    public sealed record Account(string? ClinicSlug, string Email, string FullName, string Role);

    public static readonly Clinic[] Clinics =
    [
        new("demo", "Clinique Démo", "contact@demo.keneyapp.test"),
        new("demo2", "Cabinet Deux", "contact@demo2.keneyapp.test"),
    ];

    public static readonly Account[] Accounts =
    [
        new(null, "root@keneyapp.test", "Platform Operator", Roles.SuperAdmin),
        new("demo", "admin@demo.keneyapp.test", "Sophie Admin", Roles.Admin),
        new("demo", "dr.martin@demo.keneyapp.test", "Dr Pierre Martin", Roles.Doctor),
        new("demo", "dr.leroy@demo.keneyapp.test", "Dr Isabelle Leroy", Roles.Doctor),
        new("demo", "nurse.bernard@demo.keneyapp.test", "Camille Bernard", Roles.Nurse),
        new("demo", "reception@demo.keneyapp.test", "Lucie Accueil", Roles.Receptionist),
        new("demo", "jean.dupont@demo.keneyapp.test", "Jean Dupont", Roles.Patient),
        new("demo", "claire.moreau@demo.keneyapp.test", "Claire Moreau", Roles.Patient),
        new("demo2", "admin@demo2.keneyapp.test", "Marc Admin", Roles.Admin),
        new("demo2", "dr.petit@demo2.keneyapp.test", "Dr Anne Petit", Roles.Doctor),
        new("demo2", "paul.durand@demo2.keneyapp.test", "Paul Durand", Roles.Patient),
    ];
}
