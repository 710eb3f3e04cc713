using System.Net;
using System.Text.Json;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KeneyApp.IntegrationTests.Features.Messaging;

public abstract class MessagingTests(AppFixture app)
{
    private static readonly int[] NotAnId = [0];

    private async Task<JsonElement> SendAsync(string from, int to, string content, object? extra = null)
    {
        using var client = await app.ClientFor(from);
        var body = new Dictionary<string, object?> { ["receiver_id"] = to, ["content"] = content, ["subject"] = "Objet " + content[..Math.Min(5, content.Length)] };
        foreach (var property in extra?.GetType().GetProperties() ?? [])
        {
            body[property.Name] = property.GetValue(extra);
        }
        return await (await client.PostJson("/api/v1/messages", body)).AssertOk(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Staff_and_patients_exchange_messages_that_only_they_can_read()
    {
        var jean = await Clinic.UserIdAsync(app, DemoUsers.JeanDupont);
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        var sent = await SendAsync(DemoUsers.DrMartin, jean, "Vos résultats sont normaux.");
        Assert.Equal(("sent", martin, jean), (sent.GetProperty("status").GetString(), sent.GetProperty("sender_id").GetInt32(), sent.GetProperty("receiver_id").GetInt32()));
        var id = sent.GetProperty("id").GetInt32();
        var reply = await SendAsync(DemoUsers.JeanDupont, martin, "Merci docteur !", new { reply_to_id = id });
        // A thread is named by its first message; replies to replies stay in it.
        Assert.Equal(id, sent.GetProperty("thread_id").GetInt32());
        Assert.Equal(id, reply.GetProperty("thread_id").GetInt32());
        Assert.Equal(id, reply.GetProperty("reply_to_id").GetInt32());
        var answer = await SendAsync(DemoUsers.DrMartin, jean, "Avec plaisir.", new { reply_to_id = reply.GetProperty("id").GetInt32() });
        Assert.Equal(id, answer.GetProperty("thread_id").GetInt32());
        var fresh = await SendAsync(DemoUsers.JeanDupont, martin, "Une autre question");
        Assert.NotEqual(sent.GetProperty("thread_id").GetInt32(), fresh.GetProperty("thread_id").GetInt32());

        foreach (var outsider in new[] { DemoUsers.DrLeroy, DemoUsers.Nurse, DemoUsers.Admin, DemoUsers.ClaireMoreau, DemoUsers.DrPetit })
        {
            using var client = await app.ClientFor(outsider);
            await (await client.GetAsync($"/api/v1/messages/{id}")).AssertProblem(HttpStatusCode.NotFound);
            await (await client.DeleteAsync($"/api/v1/messages/{id}")).AssertProblem(HttpStatusCode.NotFound);
        }
        using var root = await app.ClientFor(DemoUsers.Root);
        await (await root.GetAsync("/api/v1/messages")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Patients_write_to_staff_of_their_clinic_only()
    {
        var claire = await Clinic.UserIdAsync(app, DemoUsers.ClaireMoreau);
        var petit = await Clinic.UserIdAsync(app, DemoUsers.DrPetit);
        var reception = await Clinic.UserIdAsync(app, DemoUsers.Reception);
        using var jean = await app.ClientFor(DemoUsers.JeanDupont);
        await (await jean.PostJson("/api/v1/messages", new { receiver_id = claire, content = "Salut" })).AssertProblem(HttpStatusCode.NotFound);
        await (await jean.PostJson("/api/v1/messages", new { receiver_id = petit, content = "Bonjour" })).AssertProblem(HttpStatusCode.NotFound);
        await (await jean.PostJson("/api/v1/messages", new { receiver_id = 999999, content = "?" })).AssertProblem(HttpStatusCode.NotFound);
        await (await jean.PostJson("/api/v1/messages", new { receiver_id = reception, content = "Je décale mon rendez-vous" })).AssertOk(HttpStatusCode.Created);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.PostJson("/api/v1/messages", new { receiver_id = petit, content = "Confrère" })).AssertProblem(HttpStatusCode.NotFound);
        await (await doctor.PostJson("/api/v1/messages", new { receiver_id = claire, content = "Rappel vaccin" })).AssertOk(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_deactivated_user_receives_nothing_and_a_refused_send_writes_nothing()
    {
        var email = await StaffAccounts.CreateAsync(app, Roles.Nurse);
        var nurse = await StaffAccounts.IdOf(app, email);
        var petit = await Clinic.UserIdAsync(app, DemoUsers.DrPetit);
        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.PatchJson($"/api/v1/users/{nurse}", new { is_active = false })).AssertOk();
        var before = await CountRowsAsync();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.PostJson("/api/v1/messages", new { receiver_id = nurse, content = "Relève de 14 h" })).AssertProblem(HttpStatusCode.NotFound);
        await (await doctor.PostJson("/api/v1/messages", new { receiver_id = petit, content = "Confrère" })).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(before, await CountRowsAsync());
    }

    private async Task<string> CountRowsAsync() => string.Join("|", await app.RawRowAsync(
        "SELECT CAST((SELECT count(*) FROM messages) AS TEXT), CAST((SELECT count(*) FROM outbox_messages) AS TEXT)"));

    [Fact]
    public async Task A_reply_must_answer_a_message_of_the_callers_own_conversation()
    {
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        var claire = await Clinic.UserIdAsync(app, DemoUsers.ClaireMoreau);
        var leroy = await Clinic.UserIdAsync(app, DemoUsers.DrLeroy);
        var theirs = await SendAsync(DemoUsers.DrMartin, claire, "Conversation privée");
        using var jean = await app.ClientFor(DemoUsers.JeanDupont);
        var hijack = await jean.PostJson("/api/v1/messages", new { receiver_id = martin, content = "Je m'incruste", reply_to_id = theirs.GetProperty("id").GetInt32() });
        await hijack.AssertProblem(HttpStatusCode.NotFound);
        using var claireClient = await app.ClientFor(DemoUsers.ClaireMoreau);
        var wrongPeer = await claireClient.PostJson("/api/v1/messages", new { receiver_id = leroy, content = "x", reply_to_id = theirs.GetProperty("id").GetInt32() });
        await wrongPeer.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Status_goes_sent_delivered_read()
    {
        var nurse = await Clinic.UserIdAsync(app, DemoUsers.Nurse);
        var id = (await SendAsync(DemoUsers.DrLeroy, nurse, "Pouvez-vous préparer la salle 2 ?")).GetProperty("id").GetInt32();
        using var leroy = await app.ClientFor(DemoUsers.DrLeroy);
        using var receiver = await app.ClientFor(DemoUsers.Nurse);
        await (await receiver.PostAsync($"/api/v1/messages/{id}/read", null)).AssertOk();
        using var sender = leroy;
        await (await sender.PostAsync($"/api/v1/messages/{id}/read", null)).AssertProblem(HttpStatusCode.Forbidden);

        var second = (await SendAsync(DemoUsers.DrLeroy, nurse, "Et la salle 3 ?")).GetProperty("id").GetInt32();
        await receiver.GetAsync("/api/v1/messages");
        Assert.Equal("delivered", (await (await sender.GetAsync($"/api/v1/messages/{second}")).AssertOk()).GetProperty("status").GetString());
        var opened = await (await receiver.GetAsync($"/api/v1/messages/{second}")).AssertOk();
        Assert.Equal("read", opened.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, opened.GetProperty("read_at").ValueKind);
    }

    [Fact]
    public async Task A_deleted_message_is_gone_for_the_deleter_and_kept_for_the_other()
    {
        var claire = await Clinic.UserIdAsync(app, DemoUsers.ClaireMoreau);
        var leroy = await Clinic.UserIdAsync(app, DemoUsers.DrLeroy);
        var id = (await SendAsync(DemoUsers.DrLeroy, claire, "Message à supprimer")).GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrLeroy);
        using var patient = await app.ClientFor(DemoUsers.ClaireMoreau);
        var before = await (await doctor.GetAsync("/api/v1/messages/stats")).AssertOk();
        await (await doctor.DeleteAsync($"/api/v1/messages/{id}")).AssertOk(HttpStatusCode.NoContent);
        await (await doctor.GetAsync($"/api/v1/messages/{id}")).AssertProblem(HttpStatusCode.NotFound);
        await (await doctor.DeleteAsync($"/api/v1/messages/{id}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.DoesNotContain($"\"id\":{id},", await (await doctor.GetAsync("/api/v1/messages?limit=100")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain($"\"id\":{id},", await (await doctor.GetAsync($"/api/v1/messages/conversation/{claire}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await (await doctor.GetAsync("/api/v1/messages/stats")).AssertOk();
        Assert.Equal(before.GetProperty("total_sent").GetInt32() - 1, after.GetProperty("total_sent").GetInt32());
        await (await doctor.PostJson("/api/v1/messages", new { receiver_id = claire, content = "suite", reply_to_id = id })).AssertProblem(HttpStatusCode.NotFound);

        Assert.Equal("Message à supprimer", (await (await patient.GetAsync($"/api/v1/messages/{id}")).AssertOk()).GetProperty("content").GetString());
        var conversation = await (await patient.GetAsync($"/api/v1/messages/conversation/{leroy}")).AssertOk();
        Assert.Contains(conversation.EnumerateArray(), m => m.GetProperty("id").GetInt32() == id);
    }

    [Fact]
    public async Task Conversations_are_oldest_first_and_the_demo_thread_is_there()
    {
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        using var jean = await app.ClientFor(DemoUsers.JeanDupont);
        var response = await jean.GetAsync($"/api/v1/messages/conversation/{martin}");
        var conversation = (await response.AssertOk()).EnumerateArray().ToList();
        Assert.True(conversation.Count >= 3);
        Assert.Contains("15/9", conversation[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        var first = conversation[0].GetProperty("id").GetInt32();
        Assert.All(conversation.Take(3), m => Assert.Equal(first, m.GetProperty("thread_id").GetInt32()));
        Assert.Equal(conversation.OrderBy(m => m.GetProperty("created_at").GetDateTime()).Select(m => m.GetProperty("id").GetInt32()),
            conversation.Select(m => m.GetProperty("id").GetInt32()));
        await (await jean.GetAsync("/api/v1/messages/conversation/999999")).AssertProblem(HttpStatusCode.NotFound);
        var claire = await Clinic.UserIdAsync(app, DemoUsers.ClaireMoreau);
        await (await jean.GetAsync($"/api/v1/messages/conversation/{claire}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_conversation_pages_both_directions_and_hides_only_the_callers_deletions()
    {
        var email = await StaffAccounts.CreateAsync(app, Roles.Nurse);
        var nurse = await StaffAccounts.IdOf(app, email);
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        var claire = await Clinic.UserIdAsync(app, DemoUsers.ClaireMoreau);
        using var nurseClient = app.WithToken((await app.LoginAsync(email, StaffAccounts.Password)).AccessToken);
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var sent = i % 2 == 0
                ? await SendAsync(DemoUsers.DrMartin, nurse, $"Relève {i}")
                : await (await nurseClient.PostJson("/api/v1/messages", new { receiver_id = martin, content = $"Relève {i}" })).AssertOk(HttpStatusCode.Created);
            ids.Add(sent.GetProperty("id").GetInt32());
        }
        await SendAsync(DemoUsers.DrMartin, claire, "Hors conversation");

        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var response = await doctor.GetAsync($"/api/v1/messages/conversation/{nurse}?skip=1&limit=2");
        var page = (await response.AssertOk()).EnumerateArray().Select(m => m.GetProperty("id").GetInt32()).ToList();
        Assert.Equal("5", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(ids.Skip(1).Take(2), page);
        var pastTheEnd = await doctor.GetAsync($"/api/v1/messages/conversation/{nurse}?skip=10&limit=2");
        Assert.Empty((await pastTheEnd.AssertOk()).EnumerateArray());
        Assert.Equal("5", pastTheEnd.Headers.GetValues("X-Total-Count").Single());

        await (await nurseClient.DeleteAsync($"/api/v1/messages/{ids[0]}")).AssertOk(HttpStatusCode.NoContent);
        await (await nurseClient.DeleteAsync($"/api/v1/messages/{ids[1]}")).AssertOk(HttpStatusCode.NoContent);
        var nurseView = await nurseClient.GetAsync($"/api/v1/messages/conversation/{martin}");
        Assert.Equal(ids.Skip(2), (await nurseView.AssertOk()).EnumerateArray().Select(m => m.GetProperty("id").GetInt32()));
        Assert.Equal("3", nurseView.Headers.GetValues("X-Total-Count").Single());
        var doctorView = await doctor.GetAsync($"/api/v1/messages/conversation/{nurse}");
        Assert.Equal(ids, (await doctorView.AssertOk()).EnumerateArray().Select(m => m.GetProperty("id").GetInt32()));

        foreach (var id in ids.Skip(2))
        {
            await (await nurseClient.DeleteAsync($"/api/v1/messages/{id}")).AssertOk(HttpStatusCode.NoContent);
        }
        var emptied = await nurseClient.GetAsync($"/api/v1/messages/conversation/{martin}");
        Assert.Empty((await emptied.AssertOk()).EnumerateArray());
        Assert.Equal("0", emptied.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Urgent_messages_count_in_stats_and_sort_first_when_asked()
    {
        var reception = await Clinic.UserIdAsync(app, DemoUsers.Reception);
        await SendAsync(DemoUsers.Nurse, reception, "Urgent : patient en salle d'attente", new { is_urgent = true });
        await SendAsync(DemoUsers.DrLeroy, reception, "Pas urgent");
        using var client = await app.ClientFor(DemoUsers.Reception);
        var stats = await (await client.GetAsync("/api/v1/messages/stats")).AssertOk();
        Assert.True(stats.GetProperty("urgent_unread").GetInt32() >= 1);
        Assert.True(stats.GetProperty("unread").GetInt32() >= 2);
        Assert.True(stats.GetProperty("threads").GetInt32() >= 2);
        var urgentFirst = await (await client.GetAsync("/api/v1/messages?sort=urgent_first&unread_only=true")).AssertOk();
        Assert.True(urgentFirst.EnumerateArray().First().GetProperty("is_urgent").GetBoolean());
        Assert.All(urgentFirst.EnumerateArray(), m => Assert.Equal(reception, m.GetProperty("receiver_id").GetInt32()));
        await (await client.GetAsync("/api/v1/messages?sort=random")).AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Bad_messages_are_refused()
    {
        var jean = await Clinic.UserIdAsync(app, DemoUsers.JeanDupont);
        var self = await Clinic.UserIdAsync(app, DemoUsers.Nurse);
        using var nurse = await app.ClientFor(DemoUsers.Nurse);
        var problem = await (await nurse.PostJson("/api/v1/messages", new { receiver_id = jean, content = "", subject = new string('s', 256) })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("content", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("subject", out _));
        await (await nurse.PostJson("/api/v1/messages", new { receiver_id = jean, content = new string('c', 10_001) })).AssertProblem(HttpStatusCode.BadRequest);
        await (await nurse.PostJson("/api/v1/messages", new { receiver_id = jean, content = new string('c', 10_000) })).AssertOk(HttpStatusCode.Created);
        await (await nurse.PostJson("/api/v1/messages", new { receiver_id = self, content = "moi" })).AssertProblem(HttpStatusCode.BadRequest);
        var attachments = await (await nurse.PostJson("/api/v1/messages", new { receiver_id = jean, content = "pj", attachment_ids = NotAnId })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(attachments.GetProperty("errors").TryGetProperty("attachment_ids", out _));
        var tooMany = await (await nurse.PostJson("/api/v1/messages", new { receiver_id = jean, content = "pj", attachment_ids = Enumerable.Range(1, 11) })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(tooMany.GetProperty("errors").TryGetProperty("attachment_ids", out _));
    }

    [Fact]
    public async Task The_database_holds_no_plaintext_and_the_outbox_carries_ids_only()
    {
        var jean = await Clinic.UserIdAsync(app, DemoUsers.JeanDupont);
        var sent = await SendAsync(DemoUsers.DrLeroy, jean, "Contenu-très-confidentiel-42", new { subject = "Sujet-confidentiel-42" });
        var id = sent.GetProperty("id").GetInt32();
        var tenantId = (await (await (await app.ClientFor(DemoUsers.DrLeroy)).GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("tenant_id").GetInt32();
        var raw = string.Join("|", await app.RawRowAsync($"SELECT subject_encrypted, content_encrypted FROM messages WHERE id = {id}"));
        Assert.DoesNotContain("confidentiel", raw, StringComparison.Ordinal);
        Assert.StartsWith("v1.", raw, StringComparison.Ordinal);
        var outbox = await app.Db(tenantId, db => db.Set<OutboxMessage>().Where(o => o.Type == OutboxTypes.NewMessage).ToListAsync());
        var payload = outbox.Single(o => o.Payload.Contains($"\"message_id\":{id},", StringComparison.Ordinal)).Payload;
        Assert.DoesNotContain("confidentiel", payload, StringComparison.Ordinal);
        Assert.Contains($"\"receiver_id\":{jean}", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_and_reads_are_audited_and_counted_without_content()
    {
        var claire = await Clinic.UserIdAsync(app, DemoUsers.ClaireMoreau);
        var id = (await SendAsync(DemoUsers.DrMartin, claire, "Secret-audit-content", new { is_urgent = true })).GetProperty("id").GetInt32();
        using var patient = await app.ClientFor(DemoUsers.ClaireMoreau);
        await (await patient.GetAsync($"/api/v1/messages/{id}")).AssertOk();
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var entries = await (await admin.GetAsync($"/api/v1/audit?resource_type=message&resource_id={id}")).AssertOk();
        var actions = entries.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToHashSet();
        Assert.Contains("create", actions);
        Assert.Contains("read", actions);
        Assert.DoesNotContain("Secret-audit", await (await admin.GetAsync("/api/v1/audit?limit=100")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-audit", string.Join("\n", app.Factory.Logs.Lines), StringComparison.Ordinal);
        using var local = app.Anonymous();
        var metrics = await (await local.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("messages_sent_total", metrics, StringComparison.Ordinal);
        Assert.Contains("messages_read_total", metrics, StringComparison.Ordinal);
        Assert.Contains("messages_urgent_total", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_who_took_part_in_a_message_cannot_be_deleted_from_under_it()
    {
        var accounts = new[] { await StaffAccounts.CreateAsync(app, Roles.Doctor), await StaffAccounts.CreateAsync(app, Roles.Nurse),
            await StaffAccounts.CreateAsync(app, Roles.Nurse) };
        var ids = new List<int>();
        foreach (var account in accounts)
        {
            ids.Add(await StaffAccounts.IdOf(app, account));
        }
        var (sender, receiver, bystander) = (ids[0], ids[1], ids[2]);
        using var client = app.WithToken((await app.LoginAsync(accounts[0], StaffAccounts.Password)).AccessToken);
        await (await client.PostJson("/api/v1/messages", new { receiver_id = receiver, content = "Relève de 18 h" })).AssertOk(HttpStatusCode.Created);
        // The app only deactivates users. The database refuses what would orphan a message, on either side:
        // SQLite by its foreign keys, PostgreSQL by a trigger (sends check both users themselves there).
        foreach (var user in new[] { sender, receiver })
        {
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => DeleteUserAsync(user));
        }
        // Not a blanket refusal: someone who wrote and received nothing can be deleted.
        await DeleteUserAsync(bystander);
        Assert.Equal(["2"], await app.RawRowAsync($"SELECT CAST(count(*) AS TEXT) FROM users WHERE id IN ({sender}, {receiver}, {bystander})"));
    }

    private Task<int> DeleteUserAsync(int id) => app.Db(null, db => db.Database.ExecuteSqlAsync($"DELETE FROM users WHERE id = {id}"));
}

public sealed class MessagingTestsOnSqlite(SqliteApp app) : MessagingTests(app), IClassFixture<SqliteApp>;

public sealed class MessagingTestsOnPostgres(PostgresApp app) : MessagingTests(app), IClassFixture<PostgresApp>
{
    [Fact]
    public async Task A_send_from_a_user_the_clinic_does_not_have_stores_nothing()
    {
        // A sender that is not a user of the clinic, unknown or from another clinic. Such tokens can't come from a
        // login; they are signed here with the real key, and name no real session, so the session check refuses them.
        var jean = await Clinic.UserIdAsync(app, DemoUsers.JeanDupont);
        var petit = await Clinic.UserIdAsync(app, DemoUsers.DrPetit);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var tenantId = (await (await doctor.GetAsync("/api/v1/auth/me")).AssertOk()).GetProperty("tenant_id").GetInt32();
        foreach (var senderId in new[] { 987_654, petit })
        {
            var impostor = new User
            {
                Id = senderId,
                TenantId = tenantId,
                Role = Roles.Doctor,
                Email = "ghost@demo.keneyapp.test",
                NormalizedEmail = "GHOST@DEMO.KENEYAPP.TEST",
                Username = "ghost",
                NormalizedUsername = "GHOST",
                FullName = "Ghost",
            };
            var token = app.Factory.Services.GetRequiredService<TokenIssuer>().AccessToken(impostor, Guid.NewGuid());
            using var client = app.WithToken(token);
            await (await client.PostJson("/api/v1/messages", new { receiver_id = jean, content = "Bonjour" })).AssertProblem(HttpStatusCode.Unauthorized);
            Assert.Equal(["0"], await app.RawRowAsync($"SELECT CAST(count(*) AS TEXT) FROM messages WHERE sender_id = {senderId} AND tenant_id = {tenantId}"));
        }
    }
}
