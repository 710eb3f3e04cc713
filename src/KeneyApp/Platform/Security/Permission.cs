namespace KeneyApp.Platform.Security;

/// <summary>
/// What a caller may do. Endpoints ask for these, never for role names; <see cref="RolePermissions"/> is the
/// only place that knows which role holds which. "Own" rules (a patient's own record) are checked in queries.
/// </summary>
public enum Permission
{
    TenantsManage,
    UsersManage,
    AuditRead,
    PatientsReadIdentity,
    PatientsReadClinical,
    PatientsCreate,
    PatientsUpdateIdentity,
    PatientsUpdateClinical,
    PatientsDelete,
    AppointmentsRead,
    AppointmentsWrite,
    PrescriptionsRead,
    PrescriptionsWrite,
    VaccinationsRead,
    VaccinationsWrite,
    DocumentsClinicalRead,
    DocumentsClinicalUpload,
    DocumentsAdministrativeRead,
    DocumentsAdministrativeUpload,
    DocumentsManage,
    /// <summary>Release a reviewed lab result to its patient.</summary>
    LabResultsRelease,
    /// <summary>Tell a patient again that a released lab result waits.</summary>
    LabResultsNotify,
    MessagesUse,
    SharesManage,
    NotificationsOwnPreferences,
    NotificationsAdminister,
    JobsDashboard,
    SettingsManage,
}
