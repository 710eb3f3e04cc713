using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KeneyApp.IntegrationTests.Infrastructure;

namespace KeneyApp.IntegrationTests.Platform;

/// <summary>The OpenAPI document is a product: complete, lint-clean, and any change to it shows in review (snapshot).</summary>
public sealed class OpenApiTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];
    private static readonly string[] PublicPaths =
    [
        "/health", "/ready", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/activate",
        "/api/v1/notifications/twilio/status", "/api/v1/notifications/twilio/inbound", "/api/v1/notifications/unsubscribe/{token}",
        "/api/v1/shares/access", "/api/v1/shares/access/documents/{id}",
    ];

    [Fact]
    public async Task Every_operation_is_documented_with_id_summary_tags_and_its_error_answers()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("http", document["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());
        Assert.NotNull(document["security"]!.AsArray().Single()!["bearer"]);
        var operationIds = new HashSet<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => Methods.Contains(o.Key)))
            {
                var where = $"{method} {path}";
                Assert.True(operationIds.Add(operation!["operationId"]!.GetValue<string>()), $"{where}: duplicate operationId");
                Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{where}: summary");
                Assert.Contains("**Who may call:**", operation["description"]?.GetValue<string>() ?? "", StringComparison.Ordinal);
                Assert.NotEmpty(operation["tags"]!.AsArray());
                var responses = operation["responses"]!.AsObject().Select(r => r.Key).ToHashSet();
                Assert.Contains(responses, r => r.StartsWith('2'));
                if (PublicPaths.Contains(path))
                {
                    Assert.Empty(operation["security"]!.AsArray());
                }
                else
                {
                    Assert.Null(operation["security"]);
                    Assert.Contains("401", responses);
                    Assert.Contains("429", responses);
                }
                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                {
                    if (parameter!["name"]!.GetValue<string>() == "id")
                    {
                        Assert.Equal("integer", parameter["schema"]!["type"]!.GetValue<string>());
                    }
                }
            }
        }
        Assert.Contains("login", operationIds);
        Assert.Contains("verifyAuditChain", operationIds);
    }

    /// <summary>What the document says of a request body: only what the server requires is required, nothing is nullable.</summary>
    [Fact]
    public async Task Request_bodies_require_only_what_the_server_requires_and_paging_has_its_names_and_ranges()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;
        string[] Required(string schema) => schemas[schema]!["required"]?.AsArray().Select(r => r!.GetValue<string>()).Order().ToArray() ?? [];
        Assert.Equal(["password", "username"], Required("LoginRequest"));
        Assert.Equal(["content", "receiver_id"], Required("SendMessageRequest"));
        Assert.Empty(Required("UpdateUserRequest"));
        Assert.DoesNotContain("null", schemas["SendMessageRequest"]!["properties"]!["subject"]!["type"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("patient_id", Required("MeResponse"));

        var list = (await DocumentAsync())["paths"]!["/api/v1/patients"]!["get"]!["parameters"]!.AsArray();
        var limit = list.Single(p => p!["name"]!.GetValue<string>() == "limit")!["schema"]!;
        Assert.Equal((1, 100), (limit["minimum"]!.GetValue<int>(), limit["maximum"]!.GetValue<int>()));
        Assert.Contains(list, p => p!["name"]!.GetValue<string>() == "skip");
    }

    /// <summary>Who may call an operation is read from the permission map the server enforces, not written by hand.</summary>
    [Theory]
    [InlineData("createPrescription", "**Who may call:** `doctor` (permission `prescriptions_write`).")]
    [InlineData("listAuditEntries", "**Who may call:** `admin` (permission `audit_read`).")]
    [InlineData("getPatient", "`admin`, `doctor`, `nurse`, `receptionist`, `patient` (its own data only) (permission `patients_read_identity`).")]
    [InlineData("getMe", "**Who may call:** any signed-in account.")]
    [InlineData("login", "**Who may call:** anyone; no access token.")]
    public async Task Each_operation_says_who_may_call_it(string operationId, string expected)
    {
        var operation = Operation(await DocumentAsync(), operationId);
        Assert.EndsWith(expected, operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_lists_of_values_are_enums_in_bodies_answers_and_filters()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        string[] Enum(JsonNode schema) => schema["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
        Assert.Equal(["male", "female", "other"], Enum(schemas["PatientRequest"]!["properties"]!["gender"]!));
        Assert.Contains("AB-", Enum(schemas["PatientResponse"]!["properties"]!["blood_type"]!));
        Assert.DoesNotContain("super_admin", Enum(schemas["CreateUserRequest"]!["properties"]!["role"]!));
        Assert.Contains("patient", Enum(schemas["ContactResponse"]!["properties"]!["role"]!));
        JsonNode Parameter(string operationId, string name) =>
            Operation(document, operationId)["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!;
        Assert.Contains("in_progress", Enum(Parameter("listAppointments", "status")));
        Assert.Contains("receptionist", Enum(Parameter("listUsers", "role")));
    }

    /// <summary>Every request body shows an example, and each example is what its own schema accepts.</summary>
    [Fact]
    public async Task Every_request_body_has_an_example_that_its_schema_accepts()
    {
        var document = await DocumentAsync();
        var requests = document["components"]!["schemas"]!.AsObject().Where(s => s.Key.EndsWith("Request", StringComparison.Ordinal)).ToList();
        Assert.True(requests.Count >= 15, $"{requests.Count} request schemas");
        foreach (var (name, schema) in requests)
        {
            var example = schema!["examples"]?.AsArray().SingleOrDefault();
            Assert.True(example is JsonObject, $"{name}: no example");
            AssertMatches(example, schema, document, name);
        }
    }

    /// <summary>Real answers, for each kind of caller, hold every member their schema requires and nothing it does not name.</summary>
    [Theory]
    [InlineData(DemoUsers.DrMartin, "/api/v1/auth/me", "getMe")]
    [InlineData(DemoUsers.JeanDupont, "/api/v1/auth/me", "getMe")]
    [InlineData(DemoUsers.Admin, "/api/v1/patients?limit=3", "listPatients")]
    [InlineData(DemoUsers.Reception, "/api/v1/patients?limit=3", "listPatients")]
    [InlineData(DemoUsers.JeanDupont, "/api/v1/messages?limit=3", "listMessages")]
    [InlineData(DemoUsers.DrMartin, "/api/v1/messages/contacts?limit=3", "listMessageContacts")]
    [InlineData(DemoUsers.Admin, "/api/v1/audit?limit=5", "listAuditEntries")]
    [InlineData(DemoUsers.DrMartin, "/api/v1/appointments?limit=3", "listAppointments")]
    [InlineData(DemoUsers.DrMartin, "/api/v1/prescriptions?limit=3", "listPrescriptions")]
    public async Task Real_answers_match_their_documented_schema(string user, string url, string operationId)
    {
        var document = await DocumentAsync();
        var schema = Operation(document, operationId)["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        using var client = await app.ClientFor(user);
        var answer = JsonNode.Parse(await (await client.GetAsync(url)).Content.ReadAsStringAsync())!;
        AssertMatches(answer, schema, document, operationId);
    }

    private static JsonNode Operation(JsonNode document, string operationId) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(o => Methods.Contains(o.Key)).Select(o => o.Value!))
            .Single(o => o["operationId"]!.GetValue<string>() == operationId);

    private static void AssertMatches(JsonNode? value, JsonNode schema, JsonNode document, string where)
    {
        if (schema["$ref"] is { } reference)
        {
            schema = document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]!;
        }
        var types = schema["type"] is JsonArray many ? many.Select(t => t!.GetValue<string>()).ToArray()
            : schema["type"] is { } one ? [one.GetValue<string>()] : [];
        if (value is null)
        {
            Assert.True(types.Length == 0 || types.Contains("null"), $"{where}: null where the schema says {string.Join('|', types)}");
            return;
        }
        switch (value)
        {
            case JsonArray array:
                Assert.Contains("array", types);
                foreach (var item in array)
                {
                    AssertMatches(item, schema["items"]!, document, where + "[]");
                }
                break;
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var required in schema["required"]?.AsArray() ?? [])
                {
                    Assert.True(obj.ContainsKey(required!.GetValue<string>()), $"{where}: required {required} missing");
                }
                foreach (var (name, member) in obj)
                {
                    Assert.True(properties.ContainsKey(name), $"{where}: {name} is not in the schema");
                    AssertMatches(member, properties[name]!, document, $"{where}.{name}");
                }
                break;
            case JsonValue scalar when types.Length > 0:
                var kind = scalar.GetValueKind();
                var expected = kind switch
                {
                    JsonValueKind.String => "string",
                    JsonValueKind.Number => types.Contains("integer") ? "integer" : "number",
                    JsonValueKind.True or JsonValueKind.False => "boolean",
                    _ => "?",
                };
                Assert.True(types.Contains(expected), $"{where}: a {expected} where the schema says {string.Join('|', types)}");
                if (schema["enum"] is JsonArray allowed)
                {
                    Assert.True(allowed.Any(v => v!.ToJsonString() == scalar.ToJsonString()), $"{where}: {scalar} is not one of {allowed.ToJsonString()}");
                }
                break;
        }
    }

    [Fact]
    public async Task The_document_matches_the_reviewed_snapshot()
    {
        var document = await DocumentAsync();
        document.Remove("servers"); // depends on the host the test runs on
        var actual = document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var file = Path.Combine(Repository.Root, "tests", "KeneyApp.IntegrationTests", "Snapshots", "openapi.v1.json");
        var inCi = Environment.GetEnvironmentVariable("CI") == "true";
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1" || (!File.Exists(file) && !inCi))
        {
            await File.WriteAllTextAsync(file, actual);
        }
        var expected = await File.ReadAllTextAsync(file);
        Assert.True(expected == actual,
            "The OpenAPI document changed. Review the difference, then run the tests with UPDATE_SNAPSHOTS=1 and commit the snapshot.");
    }

    [Fact]
    public async Task The_document_passes_redocly_recommended_rules()
    {
        var file = Path.Combine(Path.GetTempPath(), $"keneyapp-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, (await DocumentAsync()).ToJsonString());
        var tools = Path.Combine(Repository.Root, "tools");
        if (!File.Exists(Path.Combine(tools, "node_modules", ".bin", "redocly")))
        {
            Assert.Equal(0, (await RunAsync("npm", $"ci --no-audit --no-fund --prefix {tools}", tools)).Code);
        }
        var (code, output) = await RunAsync(Path.Combine(tools, "node_modules", ".bin", "redocly"), $"lint {file} --extends recommended --format summary", tools);
        File.Delete(file);
        Assert.True(code == 0, output);
        Assert.DoesNotContain("error ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/docs/index.html", "swagger")]
    [InlineData("/api/v1/redoc/index.html", "redoc")]
    public async Task The_documentation_pages_are_served(string path, string marker)
    {
        using var client = app.Anonymous();
        var page = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(marker, await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = app.Anonymous();
        var response = await client.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string arguments, string workingDirectory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
