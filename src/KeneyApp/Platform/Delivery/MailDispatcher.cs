using KeneyApp.Platform.Crypto;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace KeneyApp.Platform.Delivery;

/// <summary>
/// Sends the committed <see cref="OutgoingEmail"/> rows: at once when a handler calls <see cref="Wake"/>, and by
/// polling, so a restart or another node's mail is never left behind. A row is claimed (leased) before it is
/// sent, so two nodes never send the same mail; each message carries a Message-ID fixed by its row, so the one
/// case left — a crash between the server's acceptance and marking the row sent — repeats a message that mail
/// systems recognise as the same one. Failures back off and give up after <see cref="MaxAttempts"/>.
/// </summary>
public sealed class MailDispatcher(IServiceScopeFactory scopes, FieldEncryptor encryptor, IEmailTransport transport, EmailOptions options,
    TimeProvider clock, ILogger<MailDispatcher> logger) : BackgroundService
{
    public const int MaxAttempts = 8;
    // Well above the longest send (connect, TLS, authenticate, send: 30 s time-out each), so a slow send is never
    // taken over by another node while it is still under way.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private readonly WakeUp _wake = new();

    public void Wake() => _wake.Ring();

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError("Mail dispatch pass failed: {ExceptionType}", e.GetType().Name);
            }
            if (!await _wake.WaitAsync(PollInterval, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>Sends every mail that is due now; returns how many went out.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var sent = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            var due = await Unsent(db)
                .Where(e => e.NextAttemptAt <= now && (e.ClaimedUntil == null || e.ClaimedUntil <= now))
                .OrderBy(e => e.NextAttemptAt).Select(e => e.Id).Take(20).ToListAsync(ct);
            if (due.Count == 0)
            {
                return sent;
            }
            foreach (var id in due)
            {
                sent += await TrySendAsync(db, id, ct) ? 1 : 0;
            }
        }
    }

    private static IQueryable<OutgoingEmail> Unsent(AppDbContext db) =>
        db.Set<OutgoingEmail>().Where(e => e.SentAt == null && e.AbandonedAt == null);

    private async Task<bool> TrySendAsync(AppDbContext db, long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseEnd = now + Lease;
        var claimed = await Unsent(db).Where(e => e.Id == id && (e.ClaimedUntil == null || e.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimedUntil, leaseEnd), ct);
        var email = claimed == 1 ? await db.Set<OutgoingEmail>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) : null;
        if (email?.SealedContent is null)
        {
            return false; // another node has it, or it was voided meanwhile
        }
        var row = db.Set<OutgoingEmail>().Where(e => e.Id == id);
        try
        {
            var content = EmailContent.FromJson(encryptor.Decrypt(email.TenantId, EmailContent.Purpose, email.SealedContent));
            await transport.SendAsync(Message(email, content), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var attempts = email.Attempts + 1;
            var giveUp = attempts >= MaxAttempts || e is DecryptionFailedException;
            var retryAt = now + TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, attempts - 1)));
            var error = e.GetType().Name;
            await row.ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Attempts, attempts)
                .SetProperty(x => x.LastError, error)
                .SetProperty(x => x.ClaimedUntil, (DateTime?)null)
                .SetProperty(x => x.NextAttemptAt, retryAt)
                .SetProperty(x => x.AbandonedAt, x => giveUp ? now : x.AbandonedAt)
                .SetProperty(x => x.SealedContent, x => giveUp ? null : x.SealedContent), CancellationToken.None);
            logger.LogWarning("E-mail {EmailId} ({EmailKind}) not sent, attempt {Attempt}: {ExceptionType}{GaveUp}",
                id, email.Kind, attempts, error, giveUp ? "; given up" : "");
            return false;
        }
        await row.ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Attempts, email.Attempts + 1)
            .SetProperty(x => x.SentAt, now)
            .SetProperty(x => x.SealedContent, (string?)null)
            .SetProperty(x => x.ClaimedUntil, (DateTime?)null)
            .SetProperty(x => x.LastError, (string?)null), CancellationToken.None);
        logger.LogInformation("E-mail {EmailId} ({EmailKind}) sent", id, email.Kind);
        return true;
    }

    private MimeMessage Message(OutgoingEmail email, EmailContent content)
    {
        var message = new MimeMessage
        {
            // Fixed by the row: a repeat after a crash is recognisably the same message.
            MessageId = $"outgoing-{email.Id}-{email.CreatedAt:yyyyMMddHHmmss}@keneyapp",
            Date = clock.GetUtcNow(),
            Subject = content.Subject,
            Body = new TextPart("plain") { Text = content.TextBody },
        };
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(content.To));
        return message;
    }
}
