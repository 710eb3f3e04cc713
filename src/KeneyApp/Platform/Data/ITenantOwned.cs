namespace KeneyApp.Platform.Data;

/// <summary>A row that belongs to one clinic. The DbContext filters and stamps <see cref="TenantId"/>.</summary>
public interface ITenantOwned
{
    int TenantId { get; set; }
}
