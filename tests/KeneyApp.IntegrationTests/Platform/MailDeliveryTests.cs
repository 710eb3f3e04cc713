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

    private async Task<long> CommitMailAsync(bool commit = true)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var email = outbox.Add(db, tenantId: 1, EmailKinds.PortalInvitation, recipientUserId: null,
            Hello with { To = $"m{Guid.NewGuid():N}@patients.example" });
        await db.SaveChangesAsync();
        if (commit)
        {
            await tx.CommitAsync();
        }
        else
        {
            await tx.RollbackAsync();
        }
        return email.Id;
    }

    private Task<OutgoingEmail?> RowAsync(long id) =>
        app.Db(null, db => db.Set<OutgoingEmail>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id));

    [Fact]
    public async Task A_committed_mail_is_sent_once_even_by_two_dispatchers_at_the_same_time()
    {
        var id = await CommitMailAsync();
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
        var id = await CommitMailAsync(commit: false);
        await app.Factory.Services.GetRequiredService<MailDispatcher>().SendDueAsync(CancellationToken.None);
        Assert.Null(await RowAsync(id));
    }

    [Fact]
    public async Task The_stored_message_is_sealed_with_the_clinics_key()
    {
        var id = await CommitMailAsync();
        var stored = (await app.RawRowAsync($"SELECT sealed_content FROM outgoing_emails WHERE id = {id}")).Single();
        Assert.StartsWith("v1.", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("patients.example", stored, StringComparison.Ordinal);
        await app.Factory.Services.GetRequiredService<MailDispatcher>().SendDueAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failed_send_is_recorded_without_its_text_and_retried_later()
    {
        var id = await CommitMailAsync();
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
