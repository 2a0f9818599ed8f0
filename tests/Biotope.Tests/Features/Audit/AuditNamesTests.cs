using Biotope.Data;
using Biotope.Features.Audit;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Audit;

public class AuditNamesTests
{
    [Fact]
    [Trait("Category", "AuditNames")]
    public async Task Every_audited_entity_and_field_has_a_name_in_both_languages()
    {
        var dir = Directory.CreateTempSubdirectory("biotope-audit-names-").FullName;
        await using var db = new BiotopeSettings(dir, null).CreateDb();
        var keys = db.Model.GetEntityTypes().Where(BiotopeDb.IsAudited)
            .SelectMany(e => (IEnumerable<string>)[AuditNames.EntityKey(e.ClrType.Name), .. BiotopeDb.AuditedFields(e).Select(f => AuditNames.FieldKey(e.ClrType.Name, f))])
            .Distinct().Order(StringComparer.Ordinal).ToList();

        var missing = keys.Where(k => !ResourceFiles.English.ContainsKey(k) || !ResourceFiles.French.ContainsKey(k)).ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} audit names have no resource in both languages (add them with scripts/texts add):"
            + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Theory]
    [InlineData("OverallComment", "Overall comment")]
    [InlineData("ServiceRequestEvent", "Service request event")]
    [InlineData("RorId", "Ror id")]
    [InlineData("NutsCode", "Nuts code")]
    [InlineData("OrganizationId", "Organization id")]
    public void A_name_without_a_resource_reads_as_words(string name, string readable) => Assert.Equal(readable, AuditNames.Readable(name));

    [Fact]
    public void A_name_without_a_resource_is_marked_as_English()
    {
        using var writer = new StringWriter();
        AuditNames.Field(Texts.For("fr"), "SomethingNew", "OverallComment").WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        Assert.Equal("<span lang=\"en\">Overall comment</span>", writer.ToString());

        using var french = new StringWriter();
        AuditNames.Entity(Texts.For("fr"), "Organization").WriteTo(french, System.Text.Encodings.Web.HtmlEncoder.Default);
        Assert.Equal("Organisation", french.ToString());
    }
}
