using KeneyApp.Platform.Data;
using Npgsql;

namespace KeneyApp.Tests.Platform.Data;

public sealed class PostgresTuningTests
{
    [Fact]
    public void A_plain_connection_string_gets_prepared_statements_multiplexing_and_no_reset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DataSetup.Tuned("Host=db;Database=keneyapp;Username=app"));
        Assert.Equal((true, true, 64, 2), (tuned.Multiplexing, tuned.NoResetOnClose, tuned.MaxAutoPrepare, tuned.AutoPrepareMinUsages));
        Assert.Equal(("db", "keneyapp", "app"), (tuned.Host, tuned.Database, tuned.Username));
    }

    [Theory]
    [InlineData("Host=db;Multiplexing=false;No Reset On Close=false;Max Auto Prepare=0;Auto Prepare Min Usages=5")]
    [InlineData("Host=db;multiplexing=False;NoResetOnClose=False;MaxAutoPrepare=0;AutoPrepareMinUsages=5")]
    public void What_the_operator_wrote_wins(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(DataSetup.Tuned(connectionString));
        Assert.Equal((false, false, 0, 5), (tuned.Multiplexing, tuned.NoResetOnClose, tuned.MaxAutoPrepare, tuned.AutoPrepareMinUsages));
    }

    [Fact]
    public void Synchronous_clients_never_get_a_multiplexed_connection()
    {
        var forHangfire = new NpgsqlConnectionStringBuilder(DataSetup.ForSynchronousClients(DataSetup.Tuned("Host=db")));
        Assert.False(forHangfire.Multiplexing);
        Assert.Equal(64, forHangfire.MaxAutoPrepare);
    }
}
