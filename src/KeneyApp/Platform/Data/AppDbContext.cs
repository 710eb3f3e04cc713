using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KeneyApp.Platform.Data;

/// <summary>
/// The one DbContext. Entity configurations live beside their entities and are picked up
/// from the assembly; every <see cref="ITenantOwned"/> entity gets the tenant filter here, so no query can
/// forget it. Provider-specific subclasses exist only to keep one migration set per provider.
/// Contexts are pooled (their set-up is a large share of a small request), so the tenant scope is handed
/// to each rented context by <see cref="DataSetup"/> rather than through the constructor.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The unit of work's tenant; null scope (design time, migrations) sees no tenant rows.</summary>
    public TenantScope? Tenant { get; set; }

    public int? CurrentTenantId => Tenant?.TenantId;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<User> Users => Set<User>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>The keys that protect the web application's cookies, shared by every node (read through <see cref="Security.CookieKeysDbContext"/>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        foreach (var type in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(type.ClrType))
            {
                type.SetQueryFilter(QueryFilters.Tenant, TenantFilter(type.ClrType));
            }
            if (typeof(ISoftDeletable).IsAssignableFrom(type.ClrType))
            {
                type.SetQueryFilter(QueryFilters.NotDeleted, NotDeletedFilter(type.ClrType));
            }
        }
        // Users carry a nullable tenant (platform operators have none): same rule, null matches null.
        modelBuilder.Entity<User>().HasQueryFilter(u => u.TenantId == CurrentTenantId);
    }

    private LambdaExpression TenantFilter(Type entityType)
    {
        var row = Expression.Parameter(entityType, "row");
        var rowTenant = Expression.Convert(Expression.Property(row, nameof(ITenantOwned.TenantId)), typeof(int?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        return Expression.Lambda(Expression.Equal(rowTenant, current), row);
    }

    private static LambdaExpression NotDeletedFilter(Type entityType)
    {
        var row = Expression.Parameter(entityType, "row");
        var deletedAt = Expression.Property(row, nameof(ISoftDeletable.DeletedAt));
        return Expression.Lambda(Expression.Equal(deletedAt, Expression.Constant(null, typeof(DateTime?))), row);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenantAndAudit();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenantAndAudit();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>The one change an audit entry takes: sealing it, once (AuditSealer), touching the seal's columns only.</summary>
    private static bool IsSealing(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        entry.State == EntityState.Modified && entry.OriginalValues[nameof(AuditEntry.Hash)] is null
        && entry.Properties.Where(p => p.IsModified).All(p => p.Metadata.Name is nameof(AuditEntry.Sequence) or nameof(AuditEntry.PreviousHash)
            or nameof(AuditEntry.Hash) or nameof(AuditEntry.KeyId));

    /// <summary>Stamps new rows with the caller's tenant, refuses writes into another tenant, keeps the audit append-only.</summary>
    private void GuardTenantAndAudit()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted && !IsSealing(entry))
            {
                throw new InvalidOperationException("The audit trail is append-only.");
            }
            if (entry.Entity is not ITenantOwned owned || entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            if (entry.State == EntityState.Added && owned.TenantId == 0)
            {
                owned.TenantId = CurrentTenantId ?? throw new InvalidOperationException(
                    $"A {entry.Metadata.ClrType.Name} was written with no tenant in scope.");
            }
            else if (CurrentTenantId is { } current && owned.TenantId != current)
            {
                throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} of another tenant was written.");
            }
        }
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // SQLite adds only virtual generated columns to an existing table. Same values; an index on one stores them.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()).Where(p => p.GetComputedColumnSql() is not null))
        {
            property.SetIsStored(false);
        }
    }
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
