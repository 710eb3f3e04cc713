namespace KeneyApp.IntegrationTests.Infrastructure;

/// <summary>Demo accounts (ARCHITECTURE.md), by role.</summary>
public static class DemoUsers
{
    public const string Root = "root@keneyapp.test";
    public const string Admin = "admin@demo.keneyapp.test";
    public const string DrMartin = "dr.martin@demo.keneyapp.test";
    public const string DrLeroy = "dr.leroy@demo.keneyapp.test";
    public const string Nurse = "nurse.bernard@demo.keneyapp.test";
    public const string Reception = "reception@demo.keneyapp.test";
    public const string JeanDupont = "jean.dupont@demo.keneyapp.test";
    public const string ClaireMoreau = "claire.moreau@demo.keneyapp.test";
    public const string Admin2 = "admin@demo2.keneyapp.test";
    public const string DrPetit = "dr.petit@demo2.keneyapp.test";
    public const string PaulDurand = "paul.durand@demo2.keneyapp.test";

    public static readonly string[] All =
        [Root, Admin, DrMartin, DrLeroy, Nurse, Reception, JeanDupont, ClaireMoreau, Admin2, DrPetit, PaulDurand];
}
