using KeneyApp.Platform.Audit;

namespace KeneyApp.Tests.Platform;

/// <summary>
/// A refusal inside a live page is recorded by the page's address as the router reads it, with its route words and
/// ids only: nothing else a user typed in the address reaches the audit trail.
/// </summary>
public sealed class PageRefusalTests
{
    [Theory]
    [InlineData("patients/12", "patient", 12L, "/patients/{id}")]
    [InlineData("PATIENTS/0012?tab=documents#top", "patient", 12L, "/patients/{id}")]
    [InlineData("patient%73/12/edit", "patient", 12L, "/patients/{id}/edit")]
    [InlineData("documents/7", "document", 7L, "/documents/{id}")]
    [InlineData("patients/Dupont", "patient", null, "/patients/{value}")]
    [InlineData("unsubscribe/eyJ1c2VyIjo1fQ.c2ln", "unsubscribe", null, "/unsubscribe/{value}")]
    [InlineData("", "page", null, "/")]
    public void A_page_address_gives_its_resource_and_route(string path, string type, long? id, string template) =>
        Assert.Equal((type, id, template), DenialAudit.DescribePage(path));
}
