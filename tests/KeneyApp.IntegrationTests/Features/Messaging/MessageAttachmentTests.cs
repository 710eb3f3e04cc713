using System.Net;
using KeneyApp.IntegrationTests.Features.Documents;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Features.Messaging;

/// <summary>
/// Documents attached to messages: only documents the sender may read, only to a receiver who may see them by its
/// own rights; the receiver then opens them with those rights. Each refusal leaves no message behind.
/// </summary>
public abstract class MessageAttachmentTests(AppFixture app)
{
    private async Task<int> UploadAsync(string who, int patientId, string type)
    {
        using var client = await app.ClientFor(who);
        var created = await (await DocumentTests.UploadAsync(client, patientId, type, TestFiles.Pdf($"{type} {Guid.NewGuid()}"), "piece.pdf"))
            .AssertOk(HttpStatusCode.Created);
        return created.GetProperty("id").GetInt32();
    }

    private async Task<HttpResponseMessage> SendAsync(string from, int to, params int[] attachments)
    {
        using var client = await app.ClientFor(from);
        return await client.PostJson("/api/v1/messages", new { receiver_id = to, content = "Voir la pièce jointe " + Guid.NewGuid(), attachment_ids = attachments });
    }

    private async Task<int> ConversationLengthAsync(string who, int with)
    {
        using var client = await app.ClientFor(who);
        return (await (await client.GetAsync($"/api/v1/messages/conversation/{with}")).AssertOk()).GetArrayLength();
    }

    [Fact]
    public async Task A_doctor_sends_a_patient_its_lab_result_and_the_patient_opens_it()
    {
        var jeanRecord = await Clinic.PatientIdAsync(app, "Dupont");
        var jean = await Clinic.UserIdAsync(app, DemoUsers.JeanDupont);
        var lab = await UploadAsync(DemoUsers.DrMartin, jeanRecord, "lab_result");
        // Not before the doctor released it to him: until then it is not his to see.
        await (await SendAsync(DemoUsers.DrMartin, jean, lab)).AssertProblem(HttpStatusCode.BadRequest);
        using (var doctor = await app.ClientFor(DemoUsers.DrMartin))
        {
            await (await doctor.PostAsync($"/api/v1/documents/{lab}/release", null)).AssertOk();
        }
        var sent = await (await SendAsync(DemoUsers.DrMartin, jean, lab, lab)).AssertOk(HttpStatusCode.Created);
        Assert.Equal([lab], sent.GetProperty("attachment_ids").EnumerateArray().Select(a => a.GetInt32()));

        using var patient = await app.ClientFor(DemoUsers.JeanDupont);
        var received = await (await patient.GetAsync($"/api/v1/messages/{sent.GetProperty("id").GetInt32()}")).AssertOk();
        Assert.Equal([lab], received.GetProperty("attachment_ids").EnumerateArray().Select(a => a.GetInt32()));
        var inbox = await (await patient.GetAsync("/api/v1/messages")).AssertOk();
        Assert.Contains(inbox.EnumerateArray(), m => m.GetProperty("attachment_ids").EnumerateArray().Any(a => a.GetInt32() == lab));
        Assert.Equal(HttpStatusCode.OK, (await patient.GetAsync($"/api/v1/documents/{lab}/download")).StatusCode);
    }

    [Fact]
    public async Task A_patient_sends_its_own_document_to_its_doctor()
    {
        var jeanRecord = await Clinic.PatientIdAsync(app, "Dupont");
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        var own = await UploadAsync(DemoUsers.JeanDupont, jeanRecord, "other");
        await (await SendAsync(DemoUsers.JeanDupont, martin, own)).AssertOk(HttpStatusCode.Created);
        // Another patient's document does not exist for Jean.
        var claireRecord = await Clinic.PatientIdAsync(app, "Moreau");
        var claires = await UploadAsync(DemoUsers.DrMartin, claireRecord, "other");
        var before = await ConversationLengthAsync(DemoUsers.JeanDupont, martin);
        await (await SendAsync(DemoUsers.JeanDupont, martin, claires)).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(before, await ConversationLengthAsync(DemoUsers.JeanDupont, martin));
    }

    [Fact]
    public async Task A_document_goes_only_to_a_receiver_who_may_see_it()
    {
        var jeanRecord = await Clinic.PatientIdAsync(app, "Dupont");
        var claire = await Clinic.UserIdAsync(app, DemoUsers.ClaireMoreau);
        var reception = await Clinic.UserIdAsync(app, DemoUsers.Reception);
        var lab = await UploadAsync(DemoUsers.DrMartin, jeanRecord, "lab_result");
        var insurance = await UploadAsync(DemoUsers.DrMartin, jeanRecord, "insurance");

        var toOtherPatient = await (await SendAsync(DemoUsers.DrMartin, claire, lab)).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(toOtherPatient.GetProperty("errors").TryGetProperty("attachment_ids", out _));
        var before = await ConversationLengthAsync(DemoUsers.DrMartin, reception);
        await (await SendAsync(DemoUsers.DrMartin, reception, lab)).AssertProblem(HttpStatusCode.BadRequest);
        await (await SendAsync(DemoUsers.DrMartin, reception, insurance, lab)).AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(before, await ConversationLengthAsync(DemoUsers.DrMartin, reception));
        await (await SendAsync(DemoUsers.DrMartin, reception, insurance)).AssertOk(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Documents_the_sender_may_not_read_archived_ones_and_other_clinics_are_404()
    {
        var jeanRecord = await Clinic.PatientIdAsync(app, "Dupont");
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        var leroy = await Clinic.UserIdAsync(app, DemoUsers.DrLeroy);
        var lab = await UploadAsync(DemoUsers.DrMartin, jeanRecord, "lab_result");
        await (await SendAsync(DemoUsers.Reception, martin, lab)).AssertProblem(HttpStatusCode.NotFound);

        var archived = await UploadAsync(DemoUsers.DrMartin, jeanRecord, "other");
        using (var doctor = await app.ClientFor(DemoUsers.DrMartin))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await doctor.DeleteAsync($"/api/v1/documents/{archived}")).StatusCode);
        }
        await (await SendAsync(DemoUsers.DrMartin, leroy, archived)).AssertProblem(HttpStatusCode.NotFound);

        var paulRecord = await Clinic.PatientIdAsync(app, "Durand", DemoUsers.Admin2);
        var foreign = await UploadAsync(DemoUsers.DrPetit, paulRecord, "lab_result");
        await (await SendAsync(DemoUsers.DrMartin, leroy, foreign)).AssertProblem(HttpStatusCode.NotFound);
        await (await SendAsync(DemoUsers.DrMartin, leroy, lab)).AssertOk(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_audit_entry_names_the_attachments_by_id()
    {
        var jeanRecord = await Clinic.PatientIdAsync(app, "Dupont");
        var leroy = await Clinic.UserIdAsync(app, DemoUsers.DrLeroy);
        var lab = await UploadAsync(DemoUsers.DrMartin, jeanRecord, "lab_result");
        var sent = await (await SendAsync(DemoUsers.DrMartin, leroy, lab)).AssertOk(HttpStatusCode.Created);
        using var admin = await app.ClientFor(DemoUsers.Admin);
        var audit = await (await admin.GetAsync($"/api/v1/audit?resource_type=message&resource_id={sent.GetProperty("id").GetInt32()}")).AssertOk();
        var entry = audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "create");
        Assert.Equal($"receiver_id={leroy};attachment_ids=[{lab}]", entry.GetProperty("details").GetString());
    }
}

public sealed class MessageAttachmentTestsOnSqlite(SqliteApp app) : MessageAttachmentTests(app), IClassFixture<SqliteApp>;

public sealed class MessageAttachmentTestsOnPostgres(PostgresApp app) : MessageAttachmentTests(app), IClassFixture<PostgresApp>;
