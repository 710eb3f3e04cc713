using System.Net;
using KeneyApp.IntegrationTests.Features.Accounts;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Audit;
using KeneyApp.Platform.Crypto;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KeneyApp.IntegrationTests.Features.Audit;

public abstract class AuditTrailTests(AppFixture app)
{
    [Fact]
    public async Task Logins_and_failed_logins_are_audited_without_personal_data()
    {
        var email = await StaffAccounts.CreateAsync(app, "nurse");
        var userId = await StaffAccounts.IdOf(app, email);
        using var anonymous = app.Anonymous();
        anonymous.DefaultRequestHeaders.Add("X-Correlation-ID", "audit-test-0001");
        await anonymous.PostAsync("/api/v1/auth/login", AuthenticationTests.Form(email, "Wrong-password-77"));

        using var admin = await app.ClientFor(DemoUsers.Admin);
        var logins = await (await admin.GetAsync($"/api/v1/audit?action=login&user_id={userId}")).AssertOk();
        Assert.NotEmpty(logins.EnumerateArray());
        var failed = await (await admin.GetAsync($"/api/v1/audit?action=login_failed&user_id={userId}")).AssertOk();
        var entry = failed.EnumerateArray().First();
        Assert.Equal("failure", entry.GetProperty("outcome").GetString());
        Assert.Equal("audit-test-0001", entry.GetProperty("correlation_id").GetString());
        Assert.Equal("user", entry.GetProperty("resource_type").GetString());
        var raw = await (await admin.GetAsync("/api/v1/audit?limit=100")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(email, raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Wrong-password-77", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_clinic_sees_only_its_own_trail()
    {
        await app.TokensFor(DemoUsers.DrPetit);
        using var admin = await app.ClientFor(DemoUsers.Admin);
        using var admin2 = await app.ClientFor(DemoUsers.Admin2);
        var petitId = (await (await (await app.ClientFor(DemoUsers.DrPetit)).GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("id").GetInt32();
        var fromDemo = await (await admin.GetAsync($"/api/v1/audit?user_id={petitId}")).AssertOk();
        Assert.Empty(fromDemo.EnumerateArray());
        var fromDemo2 = await (await admin2.GetAsync($"/api/v1/audit?user_id={petitId}")).AssertOk();
        Assert.NotEmpty(fromDemo2.EnumerateArray());
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.GetAsync("/api/v1/audit")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_chain_verifies_and_an_edited_row_is_detected()
    {
        var email = await StaffAccounts.CreateAsync(app, "receptionist", DemoUsers.Admin2);
        await StaffAccounts.IdOf(app, email);
        using var admin2 = await app.ClientFor(DemoUsers.Admin2);
        var valid = await (await admin2.GetAsync("/api/v1/audit/verify")).AssertOk();
        Assert.True(valid.GetProperty("valid").GetBoolean());
        Assert.True(valid.GetProperty("entries_checked").GetInt64() >= 3);

        var tenantId = (await (await admin2.GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("tenant_id").GetInt32();
        var target = await app.Db(tenantId, db => db.AuditEntries.Where(a => a.TenantId == tenantId && a.Sequence != null).OrderBy(a => a.Sequence).Skip(1).FirstAsync());
        await AuditTamper.RunAsync(app, $"UPDATE audit_entries SET outcome = 'success', details = 'edited' WHERE id = {target.Id}");

        var broken = await (await admin2.GetAsync("/api/v1/audit/verify")).AssertOk();
        Assert.False(broken.GetProperty("valid").GetBoolean());
        Assert.Equal(target.Sequence, broken.GetProperty("first_broken_sequence").GetInt64());
        Assert.Equal("altered_entry", broken.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task A_deleted_row_is_detected()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        await StaffAccounts.CreateAsync(app, "nurse");
        var tenantId = (await (await admin.GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("tenant_id").GetInt32();
        Assert.True((await (await admin.GetAsync("/api/v1/audit/verify")).AssertOk()).GetProperty("valid").GetBoolean());
        var victim = await app.Db(tenantId, db => db.AuditEntries.Where(a => a.TenantId == tenantId && a.Sequence != null).OrderBy(a => a.Sequence).FirstAsync());
        await AuditTamper.RunAsync(app, $"DELETE FROM audit_entries WHERE id = {victim.Id}");
        var broken = await (await admin.GetAsync("/api/v1/audit/verify")).AssertOk();
        Assert.False(broken.GetProperty("valid").GetBoolean());
        Assert.Equal(victim.Sequence, broken.GetProperty("first_broken_sequence").GetInt64());
    }

    [Fact]
    public async Task A_deleted_tail_is_detected_against_the_chain_head()
    {
        var (tenantId, adminEmail) = await Clinic.NewClinicAsync(app, "tail");
        using var admin = app.WithToken((await app.LoginAsync(adminEmail, StaffAccounts.Password)).AccessToken);
        await (await admin.PostJson("/api/v1/users", new { email = "n@" + adminEmail.Split('@')[1], full_name = "N", role = "nurse" }))
            .AssertOk(HttpStatusCode.Created);
        Assert.True((await (await admin.GetAsync("/api/v1/audit/verify")).AssertOk()).GetProperty("valid").GetBoolean());

        var last = await app.Db(tenantId, db => db.AuditEntries.Where(a => a.TenantId == tenantId && a.Sequence != null).OrderByDescending(a => a.Sequence).FirstAsync());
        await AuditTamper.RunAsync(app, $"DELETE FROM audit_entries WHERE id = {last.Id}");
        var broken = await (await admin.GetAsync("/api/v1/audit/verify")).AssertOk();
        Assert.False(broken.GetProperty("valid").GetBoolean());
        Assert.Equal("missing_tail", broken.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task The_application_itself_cannot_update_or_delete_audit_rows()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Db<int>(null, async db =>
        {
            var entry = await db.AuditEntries.OrderBy(a => a.Id).FirstAsync();
            entry.Details = "rewritten";
            return await db.SaveChangesAsync();
        }));
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Db<int>(null, async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.OrderBy(a => a.Id).FirstAsync());
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task Audit_filters_are_validated_and_paged()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var page = await admin.GetAsync("/api/v1/audit?limit=2&skip=0");
        Assert.True((await page.AssertOk()).GetArrayLength() <= 2);
        Assert.True(int.Parse(page.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await (await admin.GetAsync("/api/v1/audit?limit=0")).AssertProblem(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/audit?skip=-1")).AssertProblem(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/audit?from=not-a-date")).AssertProblem(HttpStatusCode.BadRequest);
    }
}

public sealed class AuditTrailTestsOnSqlite(SqliteApp app) : AuditTrailTests(app), IClassFixture<SqliteApp>;

public sealed class AuditTrailTestsOnPostgres(PostgresApp app) : AuditTrailTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// A second sealer stands for another node: entries committed from both, sealed by both at the same time, must all
/// land in one unbroken chain (the head row is locked while a chain is sealed). Its own database: other tests here
/// break chains on purpose.
/// </summary>
public sealed class AuditChainAcrossNodesTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Two_nodes_sealing_one_chain_keep_it_whole()
    {
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var tenantId = (await (await admin.GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("tenant_id").GetInt32();
        var services = app.Factory.Services;
        var thisNode = services.GetRequiredService<AuditSealer>();
        var otherNode = new AuditSealer(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<KeyRing>(),
            services.GetRequiredService<ILogger<AuditSealer>>());
        async Task ReadAndSealAsync(AuditSealer sealer)
        {
            await (await admin.GetAsync("/api/v1/patients?limit=1")).AssertOk();
            await sealer.SealPendingAsync(tenantId, CancellationToken.None);
        }

        await Task.WhenAll(Enumerable.Range(0, 20).SelectMany(_ => new[] { ReadAndSealAsync(otherNode), ReadAndSealAsync(thisNode) }));

        await thisNode.SealPendingAsync(tenantId, CancellationToken.None);
        var sequences = await app.Db(tenantId, db => db.AuditEntries.Where(a => a.TenantId == tenantId).OrderBy(a => a.Sequence)
            .Select(a => a.Sequence).ToListAsync());
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long?)i), sequences);
        var verified = await (await admin.GetAsync("/api/v1/audit/verify")).AssertOk();
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.ToString());
        Assert.True(verified.GetProperty("entries_checked").GetInt64() >= 40);
    }
}
