using KeneyApp.Platform.Security;
using static KeneyApp.Platform.Security.Permission;

namespace KeneyApp.Tests.Platform.Security;

/// <summary>The SECURITY.md table, row by row: a change to the map that the spec does not make fails here.</summary>
public class RolePermissionsTests
{
    public static TheoryData<Permission, string> Table() => new()
    {
        { TenantsManage, "super_admin" },
        { UsersManage, "admin" },
        { AuditRead, "admin" },
        { PatientsReadIdentity, "admin doctor nurse receptionist patient" },
        { PatientsReadClinical, "admin doctor nurse patient" },
        { PatientsCreate, "admin doctor nurse receptionist" },
        { PatientsUpdateIdentity, "admin doctor receptionist" },
        { PatientsUpdateClinical, "admin doctor" },
        { PatientsDelete, "admin" },
        { AppointmentsRead, "admin doctor nurse receptionist patient" },
        { AppointmentsWrite, "admin doctor receptionist" },
        { PrescriptionsRead, "admin doctor nurse patient" },
        { PrescriptionsWrite, "doctor" },
        { VaccinationsRead, "admin doctor nurse patient" },
        { VaccinationsWrite, "doctor nurse" },
        { DocumentsClinicalRead, "admin doctor nurse patient" },
        { DocumentsClinicalUpload, "admin doctor nurse patient" },
        { DocumentsAdministrativeRead, "admin doctor nurse receptionist patient" },
        { DocumentsAdministrativeUpload, "admin doctor nurse receptionist patient" },
        { DocumentsManage, "admin doctor" },
        { LabResultsRelease, "doctor" },
        { LabResultsNotify, "doctor nurse" },
        { MessagesUse, "admin doctor nurse receptionist patient" },
        { SharesManage, "admin doctor patient" },
        { NotificationsOwnPreferences, "admin doctor nurse receptionist patient" },
        { NotificationsAdminister, "admin" },
        { SettingsManage, "admin" },
        { JobsDashboard, "super_admin" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_permission_is_held_by_exactly_the_roles_of_the_spec(Permission permission, string roles)
    {
        var expected = roles.Split(' ').ToHashSet();
        foreach (var role in Roles.All)
        {
            Assert.True(expected.Contains(role) == RolePermissions.Has(role, permission), $"{role} / {permission}");
        }
    }

    [Fact]
    public void The_table_covers_every_permission()
    {
        var covered = Table().Select(row => (Permission)row[0]).ToHashSet();
        Assert.Equal(Enum.GetValues<Permission>().ToHashSet(), covered);
    }

    [Fact]
    public void Super_admin_reads_no_patient_data()
    {
        var patientData = Enum.GetValues<Permission>().Where(p => p is not (TenantsManage or JobsDashboard));
        Assert.All(patientData, p => Assert.False(RolePermissions.Has(Roles.SuperAdmin, p)));
    }

    [Fact]
    public void Unknown_or_missing_roles_have_nothing()
    {
        Assert.False(RolePermissions.Has(null, MessagesUse));
        Assert.False(RolePermissions.Has("root", UsersManage));
        Assert.Empty(RolePermissions.Of("Admin"));
    }

    [Fact]
    public void Tenant_admins_can_never_grant_super_admin_or_patient()
    {
        Assert.DoesNotContain(Roles.SuperAdmin, Roles.GrantableByTenantAdmin);
        Assert.DoesNotContain(Roles.Patient, Roles.GrantableByTenantAdmin);
    }
}
