using System.Net;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using KeneyApp.Platform.Ui;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>
/// Two nodes of one deployment sharing a Redis: a message sent through one refreshes the receiver's page open on the
/// other at once, and the sending node's own pages are told once, not twice.
/// </summary>
public sealed class LiveUpdatesAcrossNodesTests(LiveUpdatesAcrossNodesTests.FirstNode app) : IClassFixture<LiveUpdatesAcrossNodesTests.FirstNode>
{
    public sealed class FirstNode : AppFixture
    {
        protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["REDIS_URL"] = RedisServer.Url };
    }

    [Fact]
    public async Task A_message_sent_through_one_node_refreshes_the_receivers_page_on_another()
    {
        using var second = new KeneyAppFactory(app.Factory.Provider, app.ConnectionString,
            new Dictionary<string, string?> { ["REDIS_URL"] = RedisServer.Url, ["KENEYAPP_DATA_DIR"] = app.Factory.DataDir });
        second.CreateClient().Dispose(); // started: its relay listens
        var jean = await Clinic.UserIdAsync(app, DemoUsers.JeanDupont);
        var heardThere = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var pageThere = second.Services.GetRequiredService<LiveUpdates>().Subscribe(jean, topic =>
        {
            heardThere.TrySetResult(topic);
            return Task.CompletedTask;
        });
        var heardHere = 0;
        using var pageHere = app.Factory.Services.GetRequiredService<LiveUpdates>().Subscribe(jean, _ =>
        {
            Interlocked.Increment(ref heardHere);
            return Task.CompletedTask;
        });

        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.PostJson("/api/v1/messages", new { receiver_id = jean, subject = "Rappel", content = "Pensez à votre prise de sang." }))
            .AssertOk(HttpStatusCode.Created);
        Assert.Equal(LiveUpdates.Messages, await heardThere.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await Task.Delay(500); // time for a second, wrong, delivery through Redis to arrive here
        Assert.Equal(1, Volatile.Read(ref heardHere));
    }
}
