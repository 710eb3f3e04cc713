namespace KeneyApp.Platform.Security;

public static class Roles
{
    public const string SuperAdmin = "super_admin";
    public const string Admin = "admin";
    public const string Doctor = "doctor";
    public const string Nurse = "nurse";
    public const string Receptionist = "receptionist";
    public const string Patient = "patient";

    public static readonly IReadOnlyList<string> All = [SuperAdmin, Admin, Doctor, Nurse, Receptionist, Patient];

    /// <summary>Roles a tenant admin may hand out. Never super_admin; patients come from portal invitations.</summary>
    public static readonly IReadOnlyList<string> GrantableByTenantAdmin = [Admin, Doctor, Nurse, Receptionist];

    /// <summary>A clinic's staff: everyone of a tenant but its patients.</summary>
    public static readonly IReadOnlyList<string> Staff = [Admin, Doctor, Nurse, Receptionist];

    public static bool IsStaff(string role) => Staff.Contains(role);
}
