using System.Net;
using System.Text.Json;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Messaging;

/// <summary>Nobody has to guess a user id to write a message, and every message says who wrote it, by name.</summary>
public abstract class ContactsTests(AppFixture app)
{
    private async Task<List<JsonElement>> ContactsOf(string email, string query = "")
    {
        using var client = await app.ClientFor(email);
        return (await (await client.GetAsync($"/api/v1/messages/contacts?limit=100{query}")).AssertOk()).EnumerateArray().ToList();
    }

    [Fact]
    public async Task A_doctor_finds_jean_dupont_by_name_and_writes_to_him_and_both_see_names()
    {
        var found = await ContactsOf(DemoUsers.DrMartin, "&q=dupont");
        var jean = Assert.Single(found);
        Assert.Equal("Jean Dupont", jean.GetProperty("display_name").GetString());
        Assert.Equal("patient", jean.GetProperty("role").GetString());
        Assert.Equal(await Clinic.PatientIdAsync(app, "Dupont"), jean.GetProperty("patient_id").GetInt32());

        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var sent = await (await doctor.PostJson("/api/v1/messages", new { receiver_id = jean.GetProperty("user_id").GetInt32(), content = "Vos résultats sont arrivés." }))
            .AssertOk(HttpStatusCode.Created);
        Assert.Equal(("Dr Pierre Martin", "Jean Dupont"), (sent.GetProperty("sender_name").GetString(), sent.GetProperty("receiver_name").GetString()));

        using var patient = await app.ClientFor(DemoUsers.JeanDupont);
        var inbox = await (await patient.GetAsync("/api/v1/messages?limit=100")).AssertOk();
        var received = inbox.EnumerateArray().First(m => m.GetProperty("id").GetInt32() == sent.GetProperty("id").GetInt32());
        Assert.Equal("Dr Pierre Martin", received.GetProperty("sender_name").GetString());
        var opened = await (await patient.GetAsync($"/api/v1/messages/{sent.GetProperty("id").GetInt32()}")).AssertOk();
        Assert.Equal("Dr Pierre Martin", opened.GetProperty("sender_name").GetString());
        var conversation = await (await patient.GetAsync($"/api/v1/messages/conversation/{sent.GetProperty("sender_id").GetInt32()}?limit=100")).AssertOk();
        Assert.All(conversation.EnumerateArray(), m =>
            Assert.Equal(["Dr Pierre Martin", "Jean Dupont"], new[] { m.GetProperty("sender_name").GetString(), m.GetProperty("receiver_name").GetString() }.Order()));
    }

    [Fact]
    public async Task A_patients_contacts_are_its_clinics_care_team_only()
    {
        var contacts = await ContactsOf(DemoUsers.JeanDupont);
        var names = contacts.Select(c => c.GetProperty("display_name").GetString()).ToList();
        Assert.Contains("Dr Pierre Martin", names);
        Assert.All(contacts, c => Assert.NotEqual("patient", c.GetProperty("role").GetString()));
        Assert.All(contacts, c => Assert.Equal(JsonValueKind.Null, c.GetProperty("patient_id").ValueKind));
        Assert.DoesNotContain("Dr Anne Petit", names);
        Assert.DoesNotContain("Claire Moreau", names);
        Assert.Equal(["display_name", "patient_id", "role", "user_id"], contacts[0].EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Staff_see_colleagues_and_portal_patients_of_their_clinic_not_themselves_nor_another_clinic()
    {
        var contacts = await ContactsOf(DemoUsers.Nurse);
        var names = contacts.Select(c => c.GetProperty("display_name").GetString()).ToList();
        Assert.Contains("Dr Pierre Martin", names);
        Assert.Contains("Jean Dupont", names);
        Assert.Contains("Claire Moreau", names);
        Assert.DoesNotContain("Dr Anne Petit", names);
        Assert.DoesNotContain("Paul Durand", names);
        Assert.DoesNotContain(contacts, c => c.GetProperty("role").GetString() == "super_admin");
        var me = await Clinic.UserIdAsync(app, DemoUsers.Nurse);
        Assert.DoesNotContain(contacts, c => c.GetProperty("user_id").GetInt32() == me);

        using var nurse = await app.ClientFor(DemoUsers.Nurse);
        var page = await nurse.GetAsync("/api/v1/messages/contacts?limit=2");
        Assert.Equal(contacts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(2, (await page.AssertOk()).GetArrayLength());
    }
}

public sealed class ContactsTestsOnSqlite(SqliteApp app) : ContactsTests(app), IClassFixture<SqliteApp>;

public sealed class ContactsTestsOnPostgres(PostgresApp app) : ContactsTests(app), IClassFixture<PostgresApp>;
