using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KeneyApp.Features.Sharing;
using KeneyApp.IntegrationTests.Infrastructure;
using KeneyApp.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KeneyApp.IntegrationTests.Features.Sharing.Shares;

namespace KeneyApp.IntegrationTests.Features.Sharing;

/// <summary>
/// Record sharing over HTTP: the customer's example, who may share, each refusal of an opening, the PIN lockout,
/// the recipient's mailbox proof, scopes, shared documents, revocation, and the secrets kept out of the database in
/// clear and out of the logs.
/// </summary>
public abstract class ShareTests(AppFixture app)
{
    private async Task<List<KeneyApp.Domain.Notification>> NoticesAsync(string type, int shareId, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var rows = await app.Db(null, db => db.Set<KeneyApp.Domain.Notification>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
                .Where(n => n.Type == type && n.SubjectId == shareId).ToListAsync());
            if (rows.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                return rows;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>The share housekeeping's pass, once <paramref name="wait"/> has gone by.</summary>
    private async Task HousekeepingAfterAsync(TimeSpan wait)
    {
        app.Factory.Clock.Advance(wait);
        await app.Factory.Services.GetRequiredService<ShareHousekeeping>().RunAsync(CancellationToken.None);
    }

    /// <summary>"status|kept" while the share's token and PIN hashes are stored, "status|erased" once both are gone.</summary>
    private async Task<string> SecretsOfAsync(int id) => (await app.RawRowAsync(
        "SELECT status || '|' || CASE WHEN token_hash IS NULL AND pin_hmac IS NULL THEN 'erased' " +
        $"WHEN token_hash IS NOT NULL AND pin_hmac IS NOT NULL THEN 'kept' ELSE 'partly erased' END FROM record_shares WHERE id = {id}")).Single();

    [Fact]
    public async Task The_customers_example_creates_a_share_whose_link_pin_and_mailed_code_open_the_record()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        var external = $"dr.external{Guid.NewGuid():N}@hospital.example";
        var created = await CreateAsync(app, DemoUsers.DrMartin, new
        {
            patient_id = jean,
            scope = "full_record",
            recipient_email = external,
            recipient_name = "Dr. Martin",
            expires_in_hours = 48,
            max_access_count = 3,
            require_pin = true,
            purpose = "Consultation spécialisée",
            consent_given = true,
        });
        var token = created.GetProperty("share_token").GetString()!;
        var pin = created.GetProperty("access_pin").GetString()!;
        Assert.True(created.GetProperty("id").GetInt32() > 0);
        Assert.Matches("^[0-9]{6}$", pin);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token); // 32 bytes, URL-safe base64
        Assert.EndsWith($"/share#{token}", created.GetProperty("share_url").GetString(), StringComparison.Ordinal);
        Assert.Equal(("active", 0, 3), (created.GetProperty("status").GetString(), created.GetProperty("access_count").GetInt32(),
            created.GetProperty("max_access_count").GetInt32()));
        Assert.Equal(app.Factory.Clock.GetUtcNow().UtcDateTime.AddHours(48), created.GetProperty("expires_at").GetDateTime().ToUniversalTime(),
            TimeSpan.FromSeconds(1));
        Assert.True(created.GetProperty("consent_given").GetBoolean());

        // Restricted to a recipient: the PIN alone asks for the mailbox's proof, and the right address receives a code.
        var first = await AccessAsync(app, token, pin, external);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.True((await first.AssertOk(HttpStatusCode.Accepted)).GetProperty("email_verification_required").GetBoolean());
        var mail = Assert.Single(await Mailbox.PickedUpForAsync(app, external));
        var code = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", "[0-9]{6}").Value;
        Assert.DoesNotContain("Dupont", mail.TextBody, StringComparison.OrdinalIgnoreCase);

        var record = await (await AccessAsync(app, token, pin, external, code)).AssertOk();
        var patient = record.GetProperty("patient");
        Assert.Equal(("Jean", "Dupont"), (patient.GetProperty("first_name").GetString(), patient.GetProperty("last_name").GetString()));
        foreach (var field in new[] { "date_of_birth", "blood_type", "allergies" })
        {
            Assert.True(patient.TryGetProperty(field, out _), field);
        }
        foreach (var field in new[] { "appointments", "prescriptions", "documents", "vaccinations", "medical_history", "scope", "accessed_at", "document_access_token" })
        {
            Assert.True(record.TryGetProperty(field, out _), field);
        }
        Assert.Equal("full_record", record.GetProperty("scope").GetString());
        Assert.NotEmpty(record.GetProperty("appointments").EnumerateArray());

        // The creator sees the opening; never the token or PIN again.
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var detail = await (await doctor.GetAsync($"/api/v1/shares/{created.GetProperty("id").GetInt32()}")).AssertOk();
        Assert.Equal(1, detail.GetProperty("access_count").GetInt32());
        Assert.Single(detail.GetProperty("openings").EnumerateArray());
        Assert.False(detail.TryGetProperty("share_token", out _));
        Assert.False(detail.TryGetProperty("access_pin", out _));
        Assert.DoesNotContain(pin, detail.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_and_pin_are_kept_only_as_hashes_and_never_logged()
    {
        var (share, token, pin) = await JeanSharedAsync(app);
        await (await AccessAsync(app, token, pin)).AssertOk();
        var id = share.GetProperty("id").GetInt32();
        var row = string.Join("|", await app.RawRowAsync($"SELECT token_hash || '|' || pin_hmac FROM record_shares WHERE id = {id}"));
        Assert.DoesNotContain(token, row, StringComparison.Ordinal);
        Assert.DoesNotContain(pin!, row, StringComparison.Ordinal);
        Assert.StartsWith(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))) + "|", row, StringComparison.Ordinal);
        var everything = string.Join("\n", app.Factory.Logs.Lines);
        Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"{pin}\"", everything, StringComparison.Ordinal);
        // Nor in the audit trail.
        var audit = string.Join("\n", await app.RawColumnAsync("SELECT details FROM audit_entries WHERE resource_type = 'share'"));
        Assert.DoesNotContain(token, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(pin!, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_expired_revoked_and_used_up_links_all_answer_the_same_404()
    {
        var (_, expiring, expiringPin) = await JeanSharedAsync(app);
        var (revokedShare, revoked, revokedPin) = await JeanSharedAsync(app);
        var (_, usedUp, usedUpPin) = await JeanSharedAsync(app, maxAccessCount: 1);
        await (await AccessAsync(app, usedUp, usedUpPin)).AssertOk();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.DeleteAsync($"/api/v1/shares/{revokedShare.GetProperty("id").GetInt32()}")).AssertOk(HttpStatusCode.NoContent);
        await (await doctor.DeleteAsync($"/api/v1/shares/{revokedShare.GetProperty("id").GetInt32()}")).AssertProblem(HttpStatusCode.Conflict);
        // The clock only moves forward: later tests make their shares from the new time.
        app.Factory.Clock.Advance(TimeSpan.FromHours(49));
        var answers = new List<string>();
        foreach (var (token, pin) in new[] { (ShareSecrets.NewToken(), "123456"), (expiring, expiringPin), (revoked, revokedPin), (usedUp, usedUpPin) })
        {
            var problem = await (await AccessAsync(app, token, pin)).AssertProblem(HttpStatusCode.NotFound);
            answers.Add(problem.GetProperty("title").GetString() + "|" + problem.GetProperty("detail").GetString());
        }
        Assert.Single(answers.Distinct());
        var reasons = await app.RawColumnAsync("SELECT details FROM audit_entries WHERE action = 'share_access' AND outcome = 'failure'");
        foreach (var reason in new[] { "reason=unknown", "reason=expired", "reason=revoked", "reason=used" })
        {
            Assert.Contains(reason, reasons);
        }
    }

    [Fact]
    public async Task Five_wrong_pins_lock_the_share_even_for_the_right_pin_and_tell_its_owners()
    {
        var (share, token, pin) = await JeanSharedAsync(app);
        var wrong = WrongPin(pin!);
        for (var remaining = 4; remaining >= 1; remaining--)
        {
            var problem = await (await AccessAsync(app, token, wrong)).AssertProblem(HttpStatusCode.Forbidden);
            Assert.Equal(remaining, problem.GetProperty("remaining_attempts").GetInt32());
        }
        await (await AccessAsync(app, token, wrong)).AssertProblem((HttpStatusCode)423);
        await (await AccessAsync(app, token, pin)).AssertProblem((HttpStatusCode)423);
        // Without its PIN, a share with one answers 403 and counts nothing.
        var (_, other, _) = await JeanSharedAsync(app);
        Assert.Equal(5, (await (await AccessAsync(app, other, null)).AssertProblem(HttpStatusCode.Forbidden)).GetProperty("remaining_attempts").GetInt32());

        var id = share.GetProperty("id").GetInt32();
        var told = await app.Db(null, db => db.Set<KeneyApp.Domain.OutboxMessage>().IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(o => o.Type == "share_locked").Select(o => o.Payload).ToListAsync());
        Assert.Single(told, p => JsonDocument.Parse(p).RootElement.GetProperty("share_id").GetInt32() == id);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        Assert.Equal("locked", (await (await doctor.GetAsync($"/api/v1/shares/{id}")).AssertOk()).GetProperty("status").GetString());
        var notices = await NoticesAsync("share_locked", id, 2);
        var (jean, martin) = (await Clinic.PatientIdAsync(app, "Dupont"), await Clinic.UserIdAsync(app, DemoUsers.DrMartin));
        Assert.Contains(notices, n => n.RecipientPatientId == jean);
        Assert.Contains(notices, n => n.RecipientUserId == martin && n.RecipientPatientId == null);
    }

    [Fact]
    public async Task A_lockout_survives_a_restart_of_the_host()
    {
        var (share, token, pin) = await JeanSharedAsync(app);
        // Hosts of the same deployment: same database, same keys (they live in the data folder).
        var sameDeployment = new Dictionary<string, string?> { ["KENEYAPP_DATA_DIR"] = app.Factory.DataDir };
        using (var before = new KeneyAppFactory(app.Factory.Provider, app.ConnectionString, sameDeployment))
        {
            using var outsider = before.CreateClient();
            for (var remaining = 4; remaining >= 1; remaining--)
            {
                await (await AccessAsync(outsider, token, WrongPin(pin!))).AssertProblem(HttpStatusCode.Forbidden);
            }
            await (await AccessAsync(outsider, token, WrongPin(pin!))).AssertProblem((HttpStatusCode)423);
        }
        using var after = new KeneyAppFactory(app.Factory.Provider, app.ConnectionString, sameDeployment);
        using var again = after.CreateClient();
        await (await AccessAsync(again, token, pin)).AssertProblem((HttpStatusCode)423);
        Assert.Equal("locked|5", (await app.RawRowAsync(
            $"SELECT status || '|' || failed_pin_attempts FROM record_shares WHERE id = {share.GetProperty("id").GetInt32()}")).Single());
    }

    [Fact]
    public async Task Parallel_wrong_guesses_are_counted_one_by_one_and_lock_the_share_at_exactly_five()
    {
        var (share, token, pin) = await JeanSharedAsync(app);
        var wrong = WrongPin(pin!);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ => (await AccessAsync(app, token, wrong)).StatusCode));
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.Forbidden));
        Assert.Equal(26, statuses.Count(s => s == (HttpStatusCode)423));
        await (await AccessAsync(app, token, pin)).AssertProblem((HttpStatusCode)423);
        Assert.Equal("locked|5", (await app.RawRowAsync(
            $"SELECT status || '|' || failed_pin_attempts FROM record_shares WHERE id = {share.GetProperty("id").GetInt32()}")).Single());
    }

    [Fact]
    public async Task The_right_pin_gives_its_attempt_back()
    {
        var (share, token, pin) = await JeanSharedAsync(app);
        for (var i = 0; i < 4; i++)
        {
            await (await AccessAsync(app, token, WrongPin(pin!))).AssertProblem(HttpStatusCode.Forbidden);
        }
        await (await AccessAsync(app, token, pin)).AssertOk();
        await (await AccessAsync(app, token, pin)).AssertOk();
        Assert.Equal("active|4", (await app.RawRowAsync(
            $"SELECT status || '|' || failed_pin_attempts FROM record_shares WHERE id = {share.GetProperty("id").GetInt32()}")).Single());
    }

    [Fact]
    public async Task A_recipient_restricted_share_needs_the_mailed_code_and_a_wrong_address_gets_no_mail()
    {
        var external = $"specialist{Guid.NewGuid():N}@hospital.example";
        var intruder = $"intruder{Guid.NewGuid():N}@elsewhere.example";
        var (_, token, pin) = await JeanSharedAsync(app, recipientEmail: external);
        Assert.Equal(HttpStatusCode.Accepted, (await AccessAsync(app, token, pin)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await AccessAsync(app, token, pin, intruder)).StatusCode);
        await (await AccessAsync(app, token, pin, intruder, "123456")).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Accepted, (await AccessAsync(app, token, pin, external.ToUpperInvariant())).StatusCode);
        var code = System.Text.RegularExpressions.Regex.Match(Assert.Single(await Mailbox.PickedUpForAsync(app, external)).TextBody ?? "", "[0-9]{6}").Value;
        Assert.Empty(await Mailbox.PickedUpForAsync(app, intruder, atLeast: 0));

        // Three wrong codes and the code is dead, even the right one.
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 3; i++)
        {
            await (await AccessAsync(app, token, pin, external, wrong)).AssertProblem(HttpStatusCode.Forbidden);
        }
        await (await AccessAsync(app, token, pin, external, code)).AssertProblem(HttpStatusCode.Forbidden);
        // A new code works; it expires after five minutes.
        Assert.Equal(HttpStatusCode.Accepted, (await AccessAsync(app, token, pin, external)).StatusCode);
        // (The pickup folder's order is not the sending order: the new code is the other one.)
        var codes = (await Mailbox.PickedUpForAsync(app, external, atLeast: 2))
            .Select(m => System.Text.RegularExpressions.Regex.Match(m.TextBody ?? "", "[0-9]{6}").Value).ToList();
        var fresh = Assert.Single(codes, c => c != code);
        await (await AccessAsync(app, token, pin, external, fresh)).AssertOk();
    }

    [Fact]
    public async Task An_e_mail_code_lives_five_minutes_and_parallel_wrong_codes_count_one_by_one()
    {
        var external = $"late{Guid.NewGuid():N}@hospital.example";
        var (_, token, pin) = await JeanSharedAsync(app, recipientEmail: external);
        Assert.Equal(HttpStatusCode.Accepted, (await AccessAsync(app, token, pin, external)).StatusCode);
        var code = System.Text.RegularExpressions.Regex.Match(Assert.Single(await Mailbox.PickedUpForAsync(app, external)).TextBody ?? "", "[0-9]{6}").Value;
        app.Factory.Clock.Advance(TimeSpan.FromMinutes(6));
        await (await AccessAsync(app, token, pin, external, code)).AssertProblem(HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.Accepted, (await AccessAsync(app, token, pin, external)).StatusCode);
        var fresh = (await Mailbox.PickedUpForAsync(app, external, atLeast: 2))
            .Select(m => System.Text.RegularExpressions.Regex.Match(m.TextBody ?? "", "[0-9]{6}").Value).Single(c => c != code);
        var wrong = fresh == "000000" ? "111111" : "000000";
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ => await AccessAsync(app, token, pin, external, wrong)));
        await (await AccessAsync(app, token, pin, external, fresh)).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_share_mails_at_most_five_codes_an_hour()
    {
        var external = $"many{Guid.NewGuid():N}@hospital.example";
        var (_, token, pin) = await JeanSharedAsync(app, recipientEmail: external);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await AccessAsync(app, token, pin, external)).StatusCode);
        }
        Assert.Equal(5, (await Mailbox.PickedUpForAsync(app, external, atLeast: 5)).Count);
        await Task.Delay(500);
        Assert.Equal(5, (await Mailbox.PickedUpForAsync(app, external, atLeast: 0)).Count);
        app.Factory.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(HttpStatusCode.Accepted, (await AccessAsync(app, token, pin, external)).StatusCode);
        Assert.Equal(6, (await Mailbox.PickedUpForAsync(app, external, atLeast: 6)).Count);
    }

    [Fact]
    public async Task An_archived_patients_shares_are_not_available_and_revoked_ones_lose_their_secrets_after_thirty_days()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var share = await CreateAsync(app, DemoUsers.DrMartin, new { patient_id = patient, scope = "full_record", expires_in_hours = 720, require_pin = false, consent_given = true });
        var token = share.GetProperty("share_token").GetString()!;
        await (await AccessAsync(app, token, null)).AssertOk();
        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.DeleteAsync($"/api/v1/patients/{patient}")).AssertOk(HttpStatusCode.NoContent);
        await (await AccessAsync(app, token, null)).AssertProblem(HttpStatusCode.NotFound);

        var (revoked, _, _) = await JeanSharedAsync(app);
        var id = revoked.GetProperty("id").GetInt32();
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.DeleteAsync($"/api/v1/shares/{id}")).AssertOk(HttpStatusCode.NoContent);
        await HousekeepingAfterAsync(TimeSpan.FromDays(29));
        Assert.Equal("revoked|kept", await SecretsOfAsync(id));
        await HousekeepingAfterAsync(TimeSpan.FromDays(2));
        Assert.Equal("revoked|erased", await SecretsOfAsync(id));
    }

    /// <summary>
    /// A text document added to the patient's record by <paramref name="doctor"/> and shared (documents only, no PIN), then
    /// opened: an outsider's client carrying the opening's document token, which downloads it now.
    /// </summary>
    private async Task<(HttpClient Outsider, int DocumentId)> SharedDocumentAsync(string doctor, int patient)
    {
        using var uploader = await app.ClientFor(doctor);
        var document = (await (await Features.Documents.DocumentTests.UploadAsync(uploader, patient, "other", "Bilan : rien à signaler."u8.ToArray(),
            "bilan.txt", "text/plain")).AssertOk(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var share = await CreateAsync(app, doctor, new { patient_id = patient, scope = "documents_only", expires_in_hours = 2, require_pin = false, consent_given = true });
        var record = await (await AccessAsync(app, share.GetProperty("share_token").GetString()!, null)).AssertOk();
        var outsider = app.Anonymous();
        outsider.DefaultRequestHeaders.Authorization = new("Bearer", record.GetProperty("document_access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await outsider.GetAsync($"/api/v1/shares/access/documents/{document}")).StatusCode);
        return (outsider, document);
    }

    [Fact]
    public async Task A_document_token_opens_nothing_once_the_patient_is_archived()
    {
        var patient = (await Clinic.NewPatientAsync(app)).GetProperty("id").GetInt32();
        var (outsider, document) = await SharedDocumentAsync(DemoUsers.DrMartin, patient);
        using var _ = outsider;

        using var admin = await app.ClientFor(DemoUsers.Admin);
        await (await admin.DeleteAsync($"/api/v1/patients/{patient}")).AssertOk(HttpStatusCode.NoContent);
        await (await outsider.GetAsync($"/api/v1/shares/access/documents/{document}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reading_the_list_of_shares_is_audited_by_ids()
    {
        var (share, _, _) = await JeanSharedAsync(app);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.GetAsync("/api/v1/shares/?limit=100")).AssertOk();
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        var reads = await app.RawColumnAsync(
            $"SELECT details FROM audit_entries WHERE user_id = {martin} AND action = 'read' AND resource_type = 'share' AND resource_id IS NULL");
        Assert.Contains(reads, d => d.StartsWith("ids=", StringComparison.Ordinal)
            && d[4..].Split(',').Contains(share.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Each_scope_opens_only_its_part_and_what_is_outside_is_absent()
    {
        var (_, appointments, appointmentsPin) = await JeanSharedAsync(app, "appointments_only");
        var record = await (await AccessAsync(app, appointments, appointmentsPin)).AssertOk();
        Assert.True(record.TryGetProperty("appointments", out _));
        foreach (var absent in new[] { "prescriptions", "documents", "vaccinations", "medical_history", "document_access_token" })
        {
            Assert.False(record.TryGetProperty(absent, out _), absent);
        }
        Assert.False(record.GetProperty("patient").TryGetProperty("blood_type", out _));
        Assert.False(record.GetProperty("patient").TryGetProperty("allergies", out _));

        var (_, prescriptions, prescriptionsPin) = await JeanSharedAsync(app, "prescriptions_only");
        record = await (await AccessAsync(app, prescriptions, prescriptionsPin)).AssertOk();
        Assert.NotEmpty(record.GetProperty("prescriptions").EnumerateArray());
        Assert.False(record.TryGetProperty("appointments", out _));

        var (_, documents, documentsPin) = await JeanSharedAsync(app, "documents_only");
        record = await (await AccessAsync(app, documents, documentsPin)).AssertOk();
        Assert.NotEmpty(record.GetProperty("documents").EnumerateArray());
        Assert.True(record.TryGetProperty("document_access_token", out _));
        Assert.False(record.TryGetProperty("prescriptions", out _));

        // Custom: only the records named, each checked to be the patient's.
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var jeanPrescriptions = (await (await doctor.GetAsync($"/api/v1/prescriptions/patient/{jean}")).AssertOk()).EnumerateArray()
            .Select(p => p.GetProperty("id").GetInt32()).ToList();
        var (_, custom, customPin) = await JeanSharedAsync(app, "custom", customResources: new { prescriptions = new[] { jeanPrescriptions[0] } });
        record = await (await AccessAsync(app, custom, customPin)).AssertOk();
        Assert.Equal([jeanPrescriptions[0]], record.GetProperty("prescriptions").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()));
        Assert.False(record.TryGetProperty("appointments", out _));

        var claire = await Clinic.PatientIdAsync(app, "Moreau");
        var claireAppointments = (await (await doctor.GetAsync($"/api/v1/appointments?patient_id={claire}")).AssertOk()).EnumerateArray()
            .Select(a => a.GetProperty("id").GetInt32()).ToList();
        var refused = await (await doctor.PostJson("/api/v1/shares/", new
        {
            patient_id = jean,
            scope = "custom",
            custom_resources = new { appointments = claireAppointments.Take(1) },
            expires_in_hours = 1,
            consent_given = true,
        })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("custom_resources.appointments", out _));
    }

    [Fact]
    public async Task The_document_token_opens_only_the_scoped_documents_and_dies_with_the_share()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var jeanDocuments = (await (await doctor.GetAsync($"/api/v1/documents/patient/{jean}?limit=100")).AssertOk()).EnumerateArray()
            .Select(d => d.GetProperty("id").GetInt32()).ToList();
        var claire = await Clinic.PatientIdAsync(app, "Moreau");
        var claireDocuments = (await (await doctor.GetAsync($"/api/v1/documents/patient/{claire}?limit=100")).AssertOk()).EnumerateArray()
            .Select(d => d.GetProperty("id").GetInt32()).ToList();
        var (share, token, pin) = await JeanSharedAsync(app, "custom", customResources: new { documents = new[] { jeanDocuments[0] } });
        var record = await (await AccessAsync(app, token, pin)).AssertOk();
        var documentToken = record.GetProperty("document_access_token").GetString()!;

        using var outsider = app.Anonymous();
        async Task<HttpResponseMessage> GetAsync(int id, string? bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/shares/access/documents/{id}");
            if (bearer is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            }
            return await outsider.SendAsync(request);
        }
        var file = await GetAsync(jeanDocuments[0], documentToken);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.NotEmpty(await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("no-store", file.Headers.CacheControl?.ToString());
        await (await GetAsync(jeanDocuments[0], null)).AssertProblem(HttpStatusCode.Unauthorized);
        await (await GetAsync(jeanDocuments[0], documentToken + "x")).AssertProblem(HttpStatusCode.Unauthorized);
        foreach (var outside in jeanDocuments.Skip(1).Concat(claireDocuments.Take(1)))
        {
            await (await GetAsync(outside, documentToken)).AssertProblem(HttpStatusCode.NotFound);
        }
        // A login token is not a document token.
        var login = await app.TokensFor(DemoUsers.DrMartin);
        await (await GetAsync(jeanDocuments[0], login.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized);

        await (await doctor.DeleteAsync($"/api/v1/shares/{share.GetProperty("id").GetInt32()}")).AssertOk(HttpStatusCode.NoContent);
        await (await GetAsync(jeanDocuments[0], documentToken)).AssertProblem(HttpStatusCode.NotFound);
        var downloads = await app.RawColumnAsync("SELECT outcome FROM audit_entries WHERE action = 'download' AND details LIKE 'share_id=%'");
        Assert.Contains("success", downloads);
        Assert.Contains("denied", downloads);
    }

    [Fact]
    public async Task Revoking_a_used_up_share_ends_the_document_token_of_its_last_opening()
    {
        var (share, token, pin) = await JeanSharedAsync(app, "documents_only", maxAccessCount: 1);
        var record = await (await AccessAsync(app, token, pin)).AssertOk();
        var documentId = record.GetProperty("documents")[0].GetProperty("id").GetInt32();
        using var outsider = app.Anonymous();
        outsider.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            record.GetProperty("document_access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await outsider.GetAsync($"/api/v1/shares/access/documents/{documentId}")).StatusCode);
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.DeleteAsync($"/api/v1/shares/{share.GetProperty("id").GetInt32()}")).AssertOk(HttpStatusCode.NoContent);
        await (await outsider.GetAsync($"/api/v1/shares/access/documents/{documentId}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_suspended_clinics_links_are_not_available()
    {
        var paul = await Clinic.PatientIdAsync(app, "Durand", DemoUsers.Admin2);
        var share = await CreateAsync(app, DemoUsers.DrPetit, new { patient_id = paul, scope = "appointments_only", expires_in_hours = 2, require_pin = false, consent_given = true });
        var token = share.GetProperty("share_token").GetString()!;
        await (await AccessAsync(app, token, null)).AssertOk();
        await SuspendAsync(2, suspended: true);
        try
        {
            await (await AccessAsync(app, token, null)).AssertProblem(HttpStatusCode.NotFound);
        }
        finally
        {
            await SuspendAsync(2, suspended: false);
        }
    }

    [Fact]
    public async Task A_document_token_opens_nothing_while_the_clinic_is_suspended()
    {
        var (outsider, document) = await SharedDocumentAsync(DemoUsers.DrPetit, await Clinic.PatientIdAsync(app, "Durand", DemoUsers.Admin2));
        using var _ = outsider;
        await SuspendAsync(2, suspended: true);
        try
        {
            await (await outsider.GetAsync($"/api/v1/shares/access/documents/{document}")).AssertProblem(HttpStatusCode.NotFound);
        }
        finally
        {
            await SuspendAsync(2, suspended: false);
        }
        Assert.Equal(HttpStatusCode.OK, (await outsider.GetAsync($"/api/v1/shares/access/documents/{document}")).StatusCode);
    }

    private Task<int> SuspendAsync(int tenantId, bool suspended) => app.Db(null, db =>
        db.Tenants.Where(t => t.Id == tenantId).ExecuteUpdateAsync(s => s.SetProperty(t => t.IsActive, !suspended)));

    [Fact]
    public async Task Two_hundred_simultaneous_openings_of_a_share_limited_to_three_succeed_three_times()
    {
        var (share, token, pin) = await JeanSharedAsync(app, "appointments_only", maxAccessCount: 3);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ => (await AccessAsync(app, token, pin)).StatusCode));
        // The burst opened a pool's worth of connections: closed now, not after five idle minutes, so the test
        // classes running beside this one on the same PostgreSQL do not run out of them.
        Npgsql.NpgsqlConnection.ClearAllPools();
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(197, statuses.Count(s => s == HttpStatusCode.NotFound));
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var detail = await (await doctor.GetAsync($"/api/v1/shares/{share.GetProperty("id").GetInt32()}")).AssertOk();
        Assert.Equal(("used", 3), (detail.GetProperty("status").GetString(), detail.GetProperty("access_count").GetInt32()));
    }

    [Fact]
    public async Task Doctors_admins_and_the_patient_for_its_own_record_share_nurses_and_receptionists_cannot()
    {
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        var claire = await Clinic.PatientIdAsync(app, "Moreau");
        object Body(int patient) => new { patient_id = patient, scope = "appointments_only", expires_in_hours = 2, consent_given = true };
        foreach (var staff in new[] { DemoUsers.Nurse, DemoUsers.Reception })
        {
            using var client = await app.ClientFor(staff);
            await (await client.PostJson("/api/v1/shares/", Body(jean))).AssertProblem(HttpStatusCode.Forbidden);
        }
        var byJean = await CreateAsync(app, DemoUsers.JeanDupont, Body(jean));
        await CreateAsync(app, DemoUsers.Admin, Body(jean));
        using var jeanClient = await app.ClientFor(DemoUsers.JeanDupont);
        await (await jeanClient.PostJson("/api/v1/shares/", Body(claire))).AssertProblem(HttpStatusCode.NotFound);
        // Another clinic's patient does not exist here.
        using var otherClinic = await app.ClientFor(DemoUsers.DrPetit);
        await (await otherClinic.PostJson("/api/v1/shares/", Body(jean))).AssertProblem(HttpStatusCode.NotFound);
        await (await otherClinic.GetAsync($"/api/v1/shares/{byJean.GetProperty("id").GetInt32()}")).AssertProblem(HttpStatusCode.NotFound);
        // Consent, expiry and scope are checked field by field; an unknown field is refused.
        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        var invalid = await (await doctor.PostJson("/api/v1/shares/", new { patient_id = jean, scope = "everything", expires_in_hours = 721, consent_given = false }))
            .AssertProblem(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "scope", "expires_in_hours", "consent_given" })
        {
            Assert.True(invalid.GetProperty("errors").TryGetProperty(field, out _), field);
        }
        await (await doctor.PostJson("/api/v1/shares/", new { patient_id = jean, scope = "full_record", expires_in_hours = 2, consent_given = true, tenant_id = 2 }))
            .AssertProblem(HttpStatusCode.BadRequest);
        // Dr Martin does not see Jean's own share; Jean sees it and may end it.
        await (await doctor.GetAsync($"/api/v1/shares/{byJean.GetProperty("id").GetInt32()}")).AssertProblem(HttpStatusCode.NotFound);
        var jeansList = await (await jeanClient.GetAsync("/api/v1/shares/?active_only=true")).AssertOk();
        Assert.Contains(jeansList.EnumerateArray(), s => s.GetProperty("id").GetInt32() == byJean.GetProperty("id").GetInt32());
        Assert.All(jeansList.EnumerateArray(), s => Assert.Equal(jean, s.GetProperty("patient_id").GetInt32()));
        await (await jeanClient.DeleteAsync($"/api/v1/shares/{byJean.GetProperty("id").GetInt32()}")).AssertOk(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Each_opening_tells_the_patient_and_the_creator_and_every_step_is_audited()
    {
        var (share, token, pin) = await JeanSharedAsync(app, "appointments_only");
        await (await AccessAsync(app, token, pin)).AssertOk();
        var id = share.GetProperty("id").GetInt32();
        var jean = await Clinic.PatientIdAsync(app, "Dupont");
        var martin = await Clinic.UserIdAsync(app, DemoUsers.DrMartin);
        var rows = await NoticesAsync("share_opened", id, 2);
        Assert.Contains(rows, n => n.RecipientPatientId == jean && n.Channel == "email");
        Assert.Contains(rows, n => n.RecipientUserId == martin && n.RecipientPatientId == null);
        // A security notice: it names whom the record was shared with, and nobody may unsubscribe from it.
        var until = DateTime.UtcNow.AddSeconds(20);
        List<MimeKit.MimeMessage> notices;
        do
        {
            notices = [.. (await Mailbox.PickedUpForAsync(app, DemoUsers.JeanDupont, atLeast: 0)).Where(m => m.Subject == "Votre dossier partagé a été consulté")];
            await Task.Delay(notices.Count == 0 ? 200 : 0);
        }
        while (notices.Count == 0 && DateTime.UtcNow < until);
        Assert.Contains(notices, m => m.TextBody?.Contains("avec Dr. Externe", StringComparison.Ordinal) == true);
        Assert.All(notices, m => Assert.False(m.Headers.Contains("List-Unsubscribe")));

        using var doctor = await app.ClientFor(DemoUsers.DrMartin);
        await (await doctor.DeleteAsync($"/api/v1/shares/{id}")).AssertOk(HttpStatusCode.NoContent);
        var actions = await app.RawColumnAsync($"SELECT action || ':' || outcome FROM audit_entries WHERE resource_type = 'share' AND resource_id = '{id}'");
        foreach (var expected in new[] { "share_create:success", "share_access:success", "share_revoke:success" })
        {
            Assert.Contains(expected, actions);
        }

        // Counted, with the outcome as the only label: nothing of the share reaches the metrics.
        using var anonymous = app.Anonymous();
        var metrics = await (await anonymous.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Matches(@"shares_created_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Matches(@"shares_accessed_total\{[^}]*outcome=""success""[^}]*\} [1-9]", metrics);
        Assert.Matches(@"shares_revoked_total(\{[^}]*\})? [1-9]", metrics);
        Assert.DoesNotContain(token, metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Used_up_and_locked_shares_lose_their_secrets_thirty_days_after_they_ended()
    {
        var (used, usedToken, usedPin) = await JeanSharedAsync(app, maxAccessCount: 1, expiresInHours: 720);
        await (await AccessAsync(app, usedToken, usedPin)).AssertOk();
        var (locked, lockedToken, lockedPin) = await JeanSharedAsync(app, expiresInHours: 720);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await AccessAsync(app, lockedToken, WrongPin(lockedPin!));
        }
        var (open, _, _) = await JeanSharedAsync(app, expiresInHours: 720);
        Task<string> StateAsync(JsonElement share) => SecretsOfAsync(share.GetProperty("id").GetInt32());

        await HousekeepingAfterAsync(TimeSpan.FromDays(29));
        Assert.Equal(["used|kept", "locked|kept", "active|kept"], [await StateAsync(used), await StateAsync(locked), await StateAsync(open)]);

        // Thirty days after they ended; the share still open until its expiry (30 days) keeps its secrets 30 days more.
        await HousekeepingAfterAsync(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(["used|erased", "locked|erased", "expired|kept"], [await StateAsync(used), await StateAsync(locked), await StateAsync(open)]);
    }

    [Fact]
    public async Task The_housekeeping_marks_expired_shares_and_erases_secrets_thirty_days_after()
    {
        var (share, _, _) = await JeanSharedAsync(app);
        var id = share.GetProperty("id").GetInt32();
        await HousekeepingAfterAsync(TimeSpan.FromHours(49));
        Assert.Equal("expired|kept", await SecretsOfAsync(id));
        await HousekeepingAfterAsync(TimeSpan.FromDays(30));
        Assert.Equal("expired|erased", await SecretsOfAsync(id));
    }
}

public sealed class ShareTestsOnSqlite(SqliteApp app) : ShareTests(app), IClassFixture<SqliteApp>;

public sealed class ShareTestsOnPostgres(PostgresApp app) : ShareTests(app), IClassFixture<PostgresApp>;
