namespace KeneyApp.Platform.Data;

/// <summary>A row that is archived, never removed: queries skip it unless they ask for the <see cref="QueryFilters.NotDeleted"/> filter off.</summary>
public interface ISoftDeletable
{
    DateTime? DeletedAt { get; set; }
}

/// <summary>Names of the global query filters, for the rare query that must lift one (never the tenant filter in a request).</summary>
public static class QueryFilters
{
    public const string Tenant = "tenant";
    public const string NotDeleted = "not_deleted";
}
