using System.Collections.Frozen;
using static KeneyApp.Platform.Security.Permission;

namespace KeneyApp.Platform.Security;

/// <summary>The role → permission table of SECURITY.md, in one place. Patients' permissions apply to their own data only.</summary>
public static class RolePermissions
{
    private static readonly FrozenDictionary<string, FrozenSet<Permission>> Map = new Dictionary<string, FrozenSet<Permission>>
    {
        [Roles.SuperAdmin] = Set(TenantsManage, JobsDashboard),
        [Roles.Admin] = Set(
            UsersManage, AuditRead, PatientsReadIdentity, PatientsReadClinical, PatientsCreate, PatientsUpdateIdentity,
            PatientsUpdateClinical, PatientsDelete, AppointmentsRead, AppointmentsWrite, PrescriptionsRead, VaccinationsRead,
            DocumentsClinicalRead, DocumentsClinicalUpload, DocumentsAdministrativeRead, DocumentsAdministrativeUpload,
            DocumentsManage, MessagesUse, SharesManage, NotificationsOwnPreferences, NotificationsAdminister, SettingsManage),
        [Roles.Doctor] = Set(
            PatientsReadIdentity, PatientsReadClinical, PatientsCreate, PatientsUpdateIdentity, PatientsUpdateClinical,
            AppointmentsRead, AppointmentsWrite, PrescriptionsRead, PrescriptionsWrite, VaccinationsRead, VaccinationsWrite,
            DocumentsClinicalRead, DocumentsClinicalUpload, DocumentsAdministrativeRead, DocumentsAdministrativeUpload,
            DocumentsManage, LabResultsRelease, LabResultsNotify, MessagesUse, SharesManage, NotificationsOwnPreferences),
        [Roles.Nurse] = Set(
            PatientsReadIdentity, PatientsReadClinical, PatientsCreate, AppointmentsRead, PrescriptionsRead,
            VaccinationsRead, VaccinationsWrite, DocumentsClinicalRead, DocumentsClinicalUpload,
            DocumentsAdministrativeRead, DocumentsAdministrativeUpload, LabResultsNotify, MessagesUse, NotificationsOwnPreferences),
        [Roles.Receptionist] = Set(
            PatientsReadIdentity, PatientsCreate, PatientsUpdateIdentity, AppointmentsRead, AppointmentsWrite,
            DocumentsAdministrativeRead, DocumentsAdministrativeUpload, MessagesUse, NotificationsOwnPreferences),
        [Roles.Patient] = Set(
            PatientsReadIdentity, PatientsReadClinical, AppointmentsRead, PrescriptionsRead, VaccinationsRead,
            DocumentsClinicalRead, DocumentsClinicalUpload, DocumentsAdministrativeRead, DocumentsAdministrativeUpload,
            MessagesUse, SharesManage, NotificationsOwnPreferences),
    }.ToFrozenDictionary();

    public static bool Has(string? role, Permission permission) =>
        role is not null && Map.TryGetValue(role, out var set) && set.Contains(permission);

    public static IReadOnlySet<Permission> Of(string role) => Map.TryGetValue(role, out var set) ? set : FrozenSet<Permission>.Empty;

    private static FrozenSet<Permission> Set(params Permission[] permissions) => permissions.ToFrozenSet();
}
