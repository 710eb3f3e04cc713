using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static KeneyApp.IntegrationTests.Features.Notifications.Notifications;

namespace KeneyApp.IntegrationTests.Features.Notifications;

/// <summary>
/// Transactional e-mails (the portal invitation, the notice to a replaced address) go through the notifications'
/// outbox, sealed, with the sweep stopped so each test decides when it runs and mail going to the pickup folder:
/// what is committed goes out once, what is rolled back never, a failure waits and retries, and no opt-out applies.
/// </summary>
public abstract class TransactionalEmailTests(AppFixture app)
{
    private static readonly EmailContent Hello = new("someone@patients.example", "Hello", "Body");

    private async Task<(long Id, string To)> CommitMailAsync(bool commit = true)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var to = $"m{Guid.NewGuid():N}@patients.example";
        var email = outbox.Add(db, tenantId: 1, NotificationTypes.PortalInvitation, recipientUserId: null, recipientPatientId: null, Hello with { To = to });
        await db.SaveChangesAsync();
        if (commit)
        {
            await tx.CommitAsync();
        }
        else
        {
            await tx.RollbackAsync();
        }
        return (email.Id, to);
    }

    private Task<Notification?> RowAsync(long id) =>
        app.Db(null, db => db.Set<Notification>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(n => n.Id == id));

    [Fact]
    public async Task A_committed_mail_is_sent_once_even_by_two_passes_at_the_same_time()
    {
        var (id, to) = await CommitMailAsync();
        await Task.WhenAll(DeliverAsync(app), DeliverAsync(app));
        var row = await RowAsync(id);
        Assert.Equal((NotificationStatuses.Sent, 1, NotificationChannels.Email), (row!.Status, row.Attempts, row.Channel));
        Assert.Null(row.SealedContent); // the message (and any link in it) is not kept once sent
        var mail = Assert.Single(await Mailbox.PickedUpForAsync(app, to));
        Assert.StartsWith($"notification-{id}-", mail.MessageId, StringComparison.Ordinal);
        Assert.Equal("Body", mail.TextBody?.Trim());
        // Nobody may opt out of it, so it offers no way to.
        Assert.False(mail.Headers.Contains("List-Unsubscribe"));
        var file = Assert.Single(Directory.GetFiles(Path.Combine(app.Factory.DataDir, "outbox-mail"), "*.eml"),
            f => MimeMessage.Load(f).MessageId?.StartsWith($"notification-{id}-", StringComparison.Ordinal) == true);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task A_rolled_back_change_sends_nothing()
    {
        var (id, to) = await CommitMailAsync(commit: false);
        await DeliverAsync(app);
        Assert.Null(await RowAsync(id));
        Assert.Empty(await Mailbox.PickedUpForAsync(app, to, atLeast: 0));
    }

    [Fact]
    public async Task The_stored_message_is_sealed_with_the_clinics_key()
    {
        var (id, to) = await CommitMailAsync();
        var stored = (await app.RawRowAsync($"SELECT sealed_content FROM notifications WHERE id = {id}")).Single();
        Assert.DoesNotContain("patients.example", stored, StringComparison.Ordinal);
        var encryptor = app.Factory.Services.GetRequiredService<FieldEncryptor>();
        Assert.Contains(to, encryptor.Decrypt(1, EmailContent.Purpose, stored), StringComparison.Ordinal);
        Assert.Throws<DecryptionFailedException>(() => encryptor.Decrypt(null, EmailContent.Purpose, stored));
        Assert.Throws<DecryptionFailedException>(() => encryptor.Decrypt(2, EmailContent.Purpose, stored));
        await DeliverAsync(app);
    }

    [Fact]
    public async Task Inviting_again_before_the_first_mail_left_voids_it_and_only_the_new_link_is_sent()
    {
        var email = $"queued{Guid.NewGuid():N}@patients.example";
        var id = (await Clinic.NewPatientAsync(app, DemoUsers.Reception, email)).GetProperty("id").GetInt32();
        using var reception = await app.ClientFor(DemoUsers.Reception);
        await (await reception.PostAsync($"/api/v1/patients/{id}/portal-account", null)).AssertOk(System.Net.HttpStatusCode.Accepted);
        await (await reception.PostAsync($"/api/v1/patients/{id}/portal-account", null)).AssertOk(System.Net.HttpStatusCode.Accepted);
        var rows = (await RowsForPatientAsync(app, id)).Where(n => n.Type == NotificationTypes.PortalInvitation).OrderBy(n => n.Id).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal((NotificationStatuses.Cancelled, "replaced", (string?)null), (rows[0].Status, rows[0].LastError, rows[0].SealedContent));
        Assert.Equal(NotificationStatuses.Pending, rows[1].Status);

        await DeliverAsync(app);
        var token = Mailbox.TokenIn(Assert.Single(await Mailbox.PickedUpForAsync(app, email)).TextBody ?? "");
        using var anonymous = app.Anonymous();
        await (await anonymous.PostJson("/api/v1/auth/activate", new { token, date_of_birth = "1990-01-01", password = "Portal-password-2026" }))
            .AssertOk(System.Net.HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_transactional_mail_goes_whatever_the_recipients_preferences()
    {
        var email = $"optedout{Guid.NewGuid():N}@patients.example";
        var id = (await Clinic.NewPatientAsync(app, DemoUsers.Reception, email)).GetProperty("id").GetInt32();
        // Every e-mail turned off, transactional ones included (no screen offers that; a sender that consulted the
        // preferences for these would drop the invitation).
        await app.Db(1, async db =>
        {
            var preference = new NotificationPreference { TenantId = 1, PatientId = id, Timezone = "Europe/Paris", Language = "fr" };
            foreach (var type in NotificationTypes.All)
            {
                preference.Set(type, NotificationChannels.Email, on: false);
            }
            db.Add(preference);
            await db.SaveChangesAsync();
            return 0;
        });
        using var reception = await app.ClientFor(DemoUsers.Reception);
        await (await reception.PostAsync($"/api/v1/patients/{id}/portal-account", null)).AssertOk(System.Net.HttpStatusCode.Accepted);
        await DeliverAsync(app);
        Assert.Single(await Mailbox.PickedUpForAsync(app, email));
        Assert.Equal(NotificationStatuses.Sent, (await RowsForPatientAsync(app, id)).Single(n => n.Type == NotificationTypes.PortalInvitation).Status);
    }

    [Fact]
    public async Task A_failed_send_keeps_the_sealed_message_for_its_retries_and_erases_it_when_given_up()
    {
        var (retried, retriedTo) = await CommitMailAsync();
        using (PickupFolderBroken())
        {
            await DeliverAsync(app);
        }
        var row = await RowAsync(retried);
        Assert.Equal((NotificationStatuses.Pending, 1, (DateTime?)null), (row!.Status, row.Attempts, row.SentAt));
        Assert.NotNull(row.LastError);
        Assert.DoesNotContain("patients.example", row.LastError, StringComparison.Ordinal);
        Assert.NotNull(row.SealedContent);
        Assert.True(row.NextAttemptAt > AppNow(app));

        // Once due, with the folder back, it goes.
        app.Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await DeliverAsync(app);
        row = await RowAsync(retried);
        Assert.Equal((NotificationStatuses.Sent, 2, (string?)null), (row!.Status, row.Attempts, row.SealedContent));
        Assert.Single(await Mailbox.PickedUpForAsync(app, retriedTo));

        // Five failed attempts: given up, and the message with its link is erased.
        var (abandoned, _) = await CommitMailAsync();
        using (PickupFolderBroken())
        {
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                await DeliverAsync(app);
                app.Factory.Clock.Advance(TimeSpan.FromMinutes(10));
            }
        }
        row = await RowAsync(abandoned);
        Assert.Equal((NotificationStatuses.Failed, 5, (string?)null), (row!.Status, row.Attempts, row.SealedContent));
    }

    /// <summary>Mail cannot be written while this lasts: a file stands where the pickup folder should be.</summary>
    private Restore PickupFolderBroken()
    {
        var folder = Path.Combine(app.Factory.DataDir, "outbox-mail");
        Directory.CreateDirectory(folder);
        Directory.Move(folder, folder + ".away");
        File.WriteAllText(folder, "");
        return new Restore(() =>
        {
            File.Delete(folder);
            Directory.Move(folder + ".away", folder);
        });
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}

public sealed class SqliteAppWithManualDelivery : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Notifications:Deliver"] = "false" };
}

public sealed class PostgresAppWithManualDelivery : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Notifications:Deliver"] = "false" };
}

public sealed class TransactionalEmailTestsOnSqlite(SqliteAppWithManualDelivery app) : TransactionalEmailTests(app), IClassFixture<SqliteAppWithManualDelivery>;

public sealed class TransactionalEmailTestsOnPostgres(PostgresAppWithManualDelivery app) : TransactionalEmailTests(app), IClassFixture<PostgresAppWithManualDelivery>;
