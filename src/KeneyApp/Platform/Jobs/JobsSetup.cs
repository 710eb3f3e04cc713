using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using KeneyApp.Platform.Configuration;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Security;

namespace KeneyApp.Platform.Jobs;

/// <summary>
/// Hangfire: in-memory storage next to SQLite (one process), PostgreSQL storage next to PostgreSQL (any number
/// of workers). Jobs only trigger work; what must not be lost lives in our own tables.
/// </summary>
public static class JobsSetup
{
    public static IServiceCollection AddKeneyJobs(this IServiceCollection services, DatabaseOptions database, HostRole role, IConfiguration configuration)
    {
        services.AddHangfire((provider, config) =>
        {
            config.UseLogProvider(new DisposalSafeLogProvider(provider.GetRequiredService<ILoggerFactory>()));
            config.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.Postgres)
            {
                // Hangfire's storage is synchronous, so its connections are never multiplexed (DataSetup.Tuned).
                // Poll every 2 s rather than 15: "run this job now" from the admin screen should feel immediate.
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(DataSetup.ForSynchronousClients(database.ConnectionString)),
                    new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(2) });
            }
            else
            {
                config.UseInMemoryStorage();
            }
        });
        // Jobs:Enabled=false keeps a node from processing jobs (tests, or a web node in a split deployment).
        if (role != HostRole.Web && configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        }
        return services;
    }

    public static void MapKeneyJobsDashboard(this IEndpointRouteBuilder routes) =>
        routes.MapHangfireDashboard("/jobs", new DashboardOptions
        {
            Authorization = [new AdminsOnly()],
            DisplayStorageConnectionString = false,
            AppPath = "/",
        });

    /// <summary>
    /// Jobs belong to the whole platform (every clinic's work is in one queue), so the dashboard is the platform
    /// operator's; clinic admins run their clinic's jobs through the notifications API.
    /// </summary>
    private sealed class AdminsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            RolePermissions.Has(context.GetHttpContext().User.FindFirst(KeneyClaims.Role)?.Value, Permission.JobsDashboard);
    }
}
