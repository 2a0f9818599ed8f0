using System.Text;
using Biotope.Features.Platforms.Statements;
using Biotope.Infrastructure;

namespace Biotope.Tests.Infrastructure;

/// <summary>The pieces of ADR 015 that need no server: JSON paths of control characters, web addresses, the CSV guard.</summary>
public sealed class InputGuardTests
{
    [Theory]
    [InlineData("""{"name":"a\u0000b"}""", "name")]
    [InlineData("""{"name":"ok","people":[{"name":"x"},{"role":"y","name":"\u0007"}]}""", "people[1].name")]
    [InlineData("""{"tags":["a","b\u001f"]}""", "tags[1]")]
    [InlineData("""{"a":{"b":{"c":"\u0001"}}}""", "a.b.c")]
    [InlineData("""["\u0000"]""", "[0]")]
    [InlineData("""{"na\u0000me":"x"}""", "name")]
    [InlineData("""{"text":"tab\tcr\rlf\n"}""", null)]
    [InlineData("""{"broken":""", null)]
    public void Finds_the_path_of_a_control_character_in_JSON(string json, string? path) =>
        Assert.Equal(path, InputGuard.OffendingJsonField(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "Input.Name=a%00b&x=1", "Input.Name")]
    [InlineData("application/x-www-form-urlencoded", "Input.Name=a%0Ab%09&x=1", null)]
    [InlineData("application/json", "{\"q\":\"\\u0002\"}", "q")]
    public async Task Finds_the_field_of_a_control_character_in_a_request(string contentType, string body, string? field)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Request.ContentLength = context.Request.Body.Length;
        Assert.Equal(field, await InputGuard.OffendingFieldAsync(context.Request, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("https://www.uliege.be", true)]
    [InlineData("http://example.org/path?x=1", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JavaScript:alert(1)", false)]
    [InlineData("ftp://example.org", false)]
    [InlineData("//example.org", false)]
    [InlineData("/relative", false)]
    [InlineData("https://exa\u0000mple.org", false)]
    public void Web_addresses_are_absolute_http(string text, bool ok) => Assert.Equal(ok, WebAddress.IsHttp(text));

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+32 4 123", "'+32 4 123")]
    [InlineData("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\r=x", "\"'\r=x\"")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("Université, Liège", "\"Université, Liège\"")]
    [InlineData("", "")]
    public void Csv_cells_are_guarded_then_quoted(string cell, string written) => Assert.Equal(written, Csv.Cell(cell));

    [Fact]
    public void The_statement_csv_guards_names()
    {
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var line = new StatementLine(1, at, at.AddHours(2), "2026-03-02", "10:00", "12:00", 1, "=HYPERLINK(\"https://evil.example\")", 1, "@platform",
            "+user", 1, "=HYPERLINK(\"https://evil.example\",\"x\")", "Academic", 2, 2, 50, 100, StatementLineKind.Booking);
        var statement = new Statement("2026-03", at, at.AddMonths(1), null, null, null, false, [line], [], [], new StatementTotals(1, 2, 2, 100));

        var csv = StatementCsv.Write(statement, Texts.For("en"));

        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\"", csv);
        Assert.Contains(",'@platform,'+user,", csv);
        Assert.DoesNotContain(",=", csv);
    }
}
