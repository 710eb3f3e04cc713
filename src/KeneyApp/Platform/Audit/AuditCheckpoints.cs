using System.Diagnostics.Metrics;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Observability;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Audit;

/// <summary>
/// Publishes each chain's head (sequence and hash) outside the database, every <c>Audit:CheckpointMinutes</c> (15):
/// as a log line, which log shipping keeps elsewhere, and on <c>/metrics</c>
/// (<c>keneyapp_audit_checkpoint_sequence{chain,hash}</c>). Someone who rolls the database back, tail and head
/// together, cannot roll those back; <c>GET /audit/verify?checkpoint_sequence=…&amp;checkpoint_hash=…</c> then
/// reports it. The chain label is the clinic's id: clinics are few and not personal data.
/// </summary>
public sealed class AuditCheckpoints : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly AuditSealer _sealer;
    private readonly ILogger<AuditCheckpoints> _logger;
    private readonly TimeSpan _interval;
    private volatile IReadOnlyList<AuditHead> _published = [];

    public AuditCheckpoints(IServiceScopeFactory scopes, AuditSealer sealer, IMeterFactory meters, IConfiguration configuration,
        ILogger<AuditCheckpoints> logger)
    {
        _scopes = scopes;
        _sealer = sealer;
        _logger = logger;
        _interval = TimeSpan.FromMinutes(Math.Clamp(configuration.GetValue("Audit:CheckpointMinutes", 15.0), 0.01, 24 * 60));
        meters.Create(MetricsSetup.MeterName).CreateObservableGauge("keneyapp_audit_checkpoint_sequence",
            () => _published.Select(h => new Measurement<long>(h.Sequence,
                new KeyValuePair<string, object?>("chain", h.ChainId), new KeyValuePair<string, object?>("hash", h.Hash))),
            description: "The last published checkpoint of each audit chain (sequence; its hash as a label)");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishAsync(stoppingToken);
                await Task.Delay(_interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning("Audit checkpoint not published: {ExceptionType}", e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public async Task PublishAsync(CancellationToken ct)
    {
        await _sealer.SealPendingAsync(null, ct);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var heads = await db.Set<AuditHead>().AsNoTracking().OrderBy(h => h.ChainId).ToListAsync(ct);
        foreach (var head in heads)
        {
            _logger.LogInformation("Audit checkpoint: chain {ChainId} at sequence {Sequence}, hash {Hash}", head.ChainId, head.Sequence, head.Hash);
        }
        _published = heads;
    }
}
