using System.Net;
using System.Text.Json;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.IntegrationTests.Features.Audit;

/// <summary>
/// The trail holds against someone with the database: the database itself refuses to rewrite it, a head moved back
/// without the clinic's key is seen, and a rollback of the whole chain is seen against a published checkpoint.
/// Each test uses a clinic of its own.
/// </summary>
public abstract class AuditIntegrityTests(AppFixture app)
{
    private async Task<(int TenantId, HttpClient Admin)> NewClinicAsync()
    {
        var (tenantId, adminEmail) = await Clinic.NewClinicAsync(app, "audit");
        return (tenantId, app.WithToken((await app.LoginAsync(adminEmail, StaffAccounts.Password)).AccessToken));
    }

    /// <summary>Audited reads: an admin opening its own account.</summary>
    private static async Task AddEntriesAsync(HttpClient admin, int count)
    {
        var me = (await (await admin.GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("id").GetInt32();
        for (var i = 0; i < count; i++)
        {
            await (await admin.GetAsync($"/api/v1/users/{me}")).AssertOk();
        }
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient admin, string query = "") =>
        await (await admin.GetAsync("/api/v1/audit/verify" + query)).AssertOk();

    [Fact]
    public async Task The_database_refuses_to_update_delete_or_truncate_the_trail()
    {
        await AddEntriesAsync(await app.ClientFor(DemoUsers.Admin), 1);
        await app.Factory.Services.GetRequiredService<AuditSealer>().SealPendingAsync(null, CancellationToken.None);
        var statements = new List<string>
        {
            "UPDATE audit_entries SET details = 'rewritten' WHERE id = (SELECT min(id) FROM audit_entries)",
            "DELETE FROM audit_entries WHERE id = (SELECT max(id) FROM audit_entries)",
            "UPDATE audit_heads SET sequence = 0",
            "DELETE FROM audit_heads",
        };
        if (app.Factory.Provider == KeneyApp.Platform.Data.DatabaseProvider.Postgres)
        {
            statements.AddRange(["TRUNCATE audit_entries", "TRUNCATE audit_heads"]);
        }
        statements.Add("UPDATE audit_heads SET hash = 'rewritten' WHERE chain_id = (SELECT min(chain_id) FROM audit_heads)");
        foreach (var sql in statements)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => app.Db(null, db => db.Database.ExecuteSqlRawAsync(sql)));
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
        // A hash alone on an entry not sealed yet would hide it from sealer and verifier: refused too.
        var hidden = await Assert.ThrowsAnyAsync<Exception>(() => app.Db(null, async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO audit_entries (tenant_id, occurred_at, action, resource_type, outcome) VALUES (1, '2026-11-24 09:00:00', 'read', 'patient', 'success')");
            return await db.Database.ExecuteSqlRawAsync(
                "UPDATE audit_entries SET hash = 'x' WHERE id = (SELECT max(id) FROM audit_entries)");
        }));
        Assert.Contains("sealed_whole", hidden.Message + hidden.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_moved_back_by_hand_is_seen_by_its_seal()
    {
        var (tenantId, admin) = await NewClinicAsync();
        await AddEntriesAsync(admin, 3);
        Assert.True((await VerifyAsync(admin)).GetProperty("valid").GetBoolean());
        var kept = await app.Db(null, db => db.AuditEntries.Where(a => a.TenantId == tenantId && a.Sequence != null)
            .OrderByDescending(a => a.Sequence).Skip(2).FirstAsync());
        // Cut the last two entries and point the head at what is now the last one: the chain itself holds together.
        await AuditTamper.RunAsync(app, $"DELETE FROM audit_entries WHERE tenant_id = {tenantId} AND sequence > {kept.Sequence}");
        await AuditTamper.RunAsync(app, $"UPDATE audit_heads SET sequence = {kept.Sequence}, hash = {kept.Hash} WHERE chain_id = {tenantId}");
        // New entries come in: the sealer must not extend (and so re-seal) the forged head.
        await AddEntriesAsync(admin, 1);
        await app.Factory.Services.GetRequiredService<AuditSealer>().SealPendingAsync(null, CancellationToken.None);
        Assert.Contains(app.Factory.Logs.Lines, l => l.Contains($"Audit chain {tenantId}: its head does not match", StringComparison.Ordinal));

        var broken = await VerifyAsync(admin);
        Assert.False(broken.GetProperty("valid").GetBoolean());
        Assert.Equal("forged_head", broken.GetProperty("problem").GetString());
        admin.Dispose();
    }

    [Fact]
    public async Task A_rollback_of_tail_and_head_together_is_seen_against_a_published_checkpoint()
    {
        var (tenantId, admin) = await NewClinicAsync();
        await AddEntriesAsync(admin, 2);
        await VerifyAsync(admin); // seals
        var earlier = await app.Db(null, db => db.Set<AuditHead>().AsNoTracking().SingleAsync(h => h.ChainId == tenantId));
        await AddEntriesAsync(admin, 3);

        var checkpoints = app.Factory.Services.GetRequiredService<AuditCheckpoints>();
        await checkpoints.PublishAsync(CancellationToken.None);
        var head = await app.Db(null, db => db.Set<AuditHead>().AsNoTracking().SingleAsync(h => h.ChainId == tenantId));
        Assert.Contains(app.Factory.Logs.Lines, l => l.Contains($"chain {tenantId} at sequence {head.Sequence}, hash {head.Hash}", StringComparison.Ordinal));
        var metrics = await (await app.Anonymous().GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("keneyapp_audit_checkpoint_sequence{", StringComparison.Ordinal)
            && l.EndsWith($"chain=\"{tenantId}\",hash=\"{head.Hash}\"}} {head.Sequence}", StringComparison.Ordinal));

        // Someone restores an earlier copy of the tail and of the head (whose seal was genuine then).
        await AuditTamper.RunAsync(app, $"DELETE FROM audit_entries WHERE tenant_id = {tenantId} AND sequence > {earlier.Sequence}");
        await AuditTamper.RunAsync(app,
            $"UPDATE audit_heads SET sequence = {earlier.Sequence}, hash = {earlier.Hash}, key_id = {earlier.KeyId}, seal = {earlier.Seal} WHERE chain_id = {tenantId}");
        Assert.True((await VerifyAsync(admin)).GetProperty("valid").GetBoolean(), "without a checkpoint the rollback cannot be seen");
        var seen = await VerifyAsync(admin, $"?checkpoint_sequence={head.Sequence}&checkpoint_hash={head.Hash}");
        Assert.False(seen.GetProperty("valid").GetBoolean());
        Assert.Equal("rolled_back_past_checkpoint", seen.GetProperty("problem").GetString());
        admin.Dispose();
    }

    [Fact]
    public async Task Every_refusal_and_every_404_on_an_id_route_is_audited_without_data()
    {
        var petitPatient = await Clinic.PatientIdAsync(app, "Durand", DemoUsers.DrPetit);
        using var reception = await app.ClientFor(DemoUsers.Reception);
        await (await reception.GetAsync("/api/v1/prescriptions?limit=1")).AssertProblem(HttpStatusCode.Forbidden);
        await (await reception.GetAsync($"/api/v1/patients/{petitPatient}")).AssertProblem(HttpStatusCode.NotFound);
        await (await reception.GetAsync("/api/v1/no-such-route/42")).AssertProblem(HttpStatusCode.NotFound);

        var receptionId = await Clinic.UserIdAsync(app, DemoUsers.Reception);
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var denials = (await (await admin.GetAsync($"/api/v1/audit?action={DenialAudit.Action}&user_id={receptionId}&limit=100")).AssertOk())
            .EnumerateArray().ToList();
        Assert.Contains(denials, d => d.GetProperty("resource_type").GetString() == "prescription"
            && d.GetProperty("details").GetString() == "route=GET /api/v1/prescriptions,status=403");
        var probe = Assert.Single(denials, d => d.GetProperty("resource_type").GetString() == "patient");
        Assert.Equal(petitPatient.ToString(System.Globalization.CultureInfo.InvariantCulture), probe.GetProperty("resource_id").GetString());
        Assert.Equal("route=GET /api/v1/patients/{id:int},status=404", probe.GetProperty("details").GetString());
        Assert.Equal("denied", probe.GetProperty("outcome").GetString());
        Assert.Equal(2, denials.Count); // the unknown route is no resource: not recorded
    }
}

public sealed class AuditIntegrityTestsOnSqlite(SqliteApp app) : AuditIntegrityTests(app), IClassFixture<SqliteApp>;

public sealed class AuditIntegrityTestsOnPostgres(PostgresApp app) : AuditIntegrityTests(app), IClassFixture<PostgresApp>;
