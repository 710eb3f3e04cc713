using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KeneyApp.Platform.Data;

/// <summary>
/// Every instant is UTC, in and out. SQLite hands back unspecified kinds and the original product died on a
/// naive/aware comparison: refuse local times on write and mark every read as UTC.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : ToUtc(v),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
{
    private static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Local
        ? throw new ArgumentException("Local times are not stored; pass UTC.")
        : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
