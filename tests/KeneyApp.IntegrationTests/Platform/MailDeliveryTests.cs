using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>
/// The mail outbox with its dispatcher stopped (Delivery:Enabled=false), so each test decides when it runs:
/// what is committed goes out once, what is rolled back never, a failure waits and retries.
/// </summary>
public abstract class MailDeliveryTests(AppFixture app)
{
    private static readonly EmailContent Hello = new("someone@patients.example", "Hello", "Body");

    private async Task<(long Id, string To)> CommitMailAsync(bool commit = true)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var to = $"m{Guid.NewGuid():N}@patients.example";
        var email = outbox.Add(db, tenantId: 1, EmailKinds.PortalInvitation, recipientUserId: null, Hello with { To = to });
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

    private Task<OutgoingEmail?> RowAsync(long id) =>
        app.Db(null, db => db.Set<OutgoingEmail>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id));

    [Fact]
    public async Task A_committed_mail_is_sent_once_even_by_two_dispatchers_at_the_same_time()
    {
        var (id, _) = await CommitMailAsync();
        var dispatcher = app.Factory.Services.GetRequiredService<MailDispatcher>();
        var sent = await Task.WhenAll(dispatcher.SendDueAsync(CancellationToken.None), dispatcher.SendDueAsync(CancellationToken.None));
        var row = await RowAsync(id);
        Assert.NotNull(row!.SentAt);
        Assert.Null(row.SealedContent); // the message (and any link in it) is not kept once sent
        Assert.Equal(1, row.Attempts);
        Assert.True(sent.Sum() >= 1);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(app.Factory.DataDir, "outbox-mail"), "*.eml"),
            f => MimeMessage.Load(f).MessageId?.StartsWith($"outgoing-{id}-", StringComparison.Ordinal) == true);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task A_rolled_back_change_sends_nothing()
    {
        var (id, to) = await CommitMailAsync(commit: false);
        await app.Factory.Services.GetRequiredService<MailDispatcher>().SendDueAsync(CancellationToken.None);
        Assert.Null(await RowAsync(id));
        Assert.Empty(await Mailbox.PickedUpForAsync(app, to, atLeast: 0));
    }

    [Fact]
    public async Task The_stored_message_is_sealed_with_the_clinics_key()
    {
        var (id, to) = await CommitMailAsync();
        var stored = (await app.RawRowAsync($"SELECT sealed_content FROM outgoing_emails WHERE id = {id}")).Single();
        Assert.DoesNotContain("patients.example", stored, StringComparison.Ordinal);
        var encryptor = app.Factory.Services.GetRequiredService<FieldEncryptor>();
        Assert.Contains(to, encryptor.Decrypt(1, EmailContent.Purpose, stored), StringComparison.Ordinal);
        Assert.Throws<DecryptionFailedException>(() => encryptor.Decrypt(null, EmailContent.Purpose, stored));
        Assert.Throws<DecryptionFailedException>(() => encryptor.Decrypt(2, EmailContent.Purpose, stored));
        await app.Factory.Services.GetRequiredService<MailDispatcher>().SendDueAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Inviting_again_before_the_first_mail_left_voids_it_and_only_the_new_link_is_sent()
    {
        var email = $"queued{Guid.NewGuid():N}@patients.example";
        var id = (await Clinic.NewPatientAsync(app, DemoUsers.Reception, email)).GetProperty("id").GetInt32();
        using var reception = await app.ClientFor(DemoUsers.Reception);
        await (await reception.PostAsync($"/api/v1/patients/{id}/portal-account", null)).AssertOk(System.Net.HttpStatusCode.Accepted);
        await (await reception.PostAsync($"/api/v1/patients/{id}/portal-account", null)).AssertOk(System.Net.HttpStatusCode.Accepted);
        var rows = await app.Db(null, db => db.Set<OutgoingEmail>().AsNoTracking().Where(e => e.Kind == EmailKinds.PortalInvitation)
            .OrderBy(e => e.Id).ToListAsync());
        var mine = rows.TakeLast(2).ToList();
        Assert.NotNull(mine[0].AbandonedAt);
        Assert.Null(mine[0].SealedContent);
        Assert.Null(mine[1].AbandonedAt);

        await app.Factory.Services.GetRequiredService<MailDispatcher>().SendDueAsync(CancellationToken.None);
        var token = Mailbox.TokenIn(Assert.Single(await Mailbox.PickedUpForAsync(app, email)).TextBody ?? "");
        using var anonymous = app.Anonymous();
        await (await anonymous.PostJson("/api/v1/auth/activate", new { token, date_of_birth = "1990-01-01", password = "Portal-password-2026" }))
            .AssertOk(System.Net.HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_failed_send_is_recorded_without_its_text_and_retried_later()
    {
        var (id, _) = await CommitMailAsync();
        var failing = new FailingTransport();
        var dispatcher = new MailDispatcher(app.Factory.Services.GetRequiredService<IServiceScopeFactory>(),
            app.Factory.Services.GetRequiredService<FieldEncryptor>(), failing, new EmailOptions(), app.Factory.Clock,
            NullLogger<MailDispatcher>.Instance);
        Assert.Equal(0, await dispatcher.SendDueAsync(CancellationToken.None));
        var row = await RowAsync(id);
        Assert.Equal((1, "IOException", (DateTime?)null), (row!.Attempts, row.LastError, row.SentAt));
        Assert.True(row.NextAttemptAt > app.Factory.Clock.GetUtcNow().UtcDateTime);
        Assert.NotNull(row.SealedContent);

        // Not due yet: nothing is tried. Once due, the working dispatcher sends it.
        Assert.Equal(0, await dispatcher.SendDueAsync(CancellationToken.None));
        Assert.Equal(1, failing.Calls);
        app.Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.Factory.Services.GetRequiredService<MailDispatcher>().SendDueAsync(CancellationToken.None);
        row = await RowAsync(id);
        Assert.Equal(2, row!.Attempts);
        Assert.NotNull(row.SentAt);
    }

    private sealed class FailingTransport : IEmailTransport
    {
        public int Calls { get; private set; }

        public Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            Calls++;
            throw new IOException("connection refused by someone@patients.example");
        }
    }
}

public sealed class SqliteAppWithoutDispatcher : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Delivery:Enabled"] = "false" };
}

public sealed class PostgresAppWithoutDispatcher : AppFixture
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Delivery:Enabled"] = "false" };
}

public sealed class MailDeliveryTestsOnSqlite(SqliteAppWithoutDispatcher app) : MailDeliveryTests(app), IClassFixture<SqliteAppWithoutDispatcher>;

public sealed class MailDeliveryTestsOnPostgres(PostgresAppWithoutDispatcher app) : MailDeliveryTests(app), IClassFixture<PostgresAppWithoutDispatcher>;
