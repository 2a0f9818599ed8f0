using System.Text;
using Biotope.Features.Projects.Cordis;

namespace Biotope.Tests.Features.Projects.Cordis;

public class CordisCsvTests
{
    private static List<CsvRecord> ReadAll(string text)
    {
        using var reader = new CordisCsvReader(new StringReader(text));
        var records = new List<CsvRecord>();
        while (reader.Read() is { } record) records.Add(record);
        return records;
    }

    [Fact]
    public void Quoted_fields_keep_doubled_quotes_semicolons_and_line_breaks_and_records_start_on_their_physical_line()
    {
        var records = ReadAll("\"id\";\"text\"\n\"1\";\"plain\"\n\"2\";\"say \"\"hi\"\"; then\nleave\n\"\n\"3\";\"last\"\n");

        Assert.Equal([1, 2, 3, 6], records.Select(r => r.Line));
        Assert.All(records, r => Assert.Null(r.Error));
        Assert.Equal(["id", "text"], records[0].Fields);
        Assert.Equal(["2", "say \"hi\"; then\nleave\n"], records[2].Fields);
        Assert.Equal(["3", "last"], records[3].Fields);
    }

    [Fact]
    public void Windows_line_breaks_end_records_and_become_newlines_inside_fields()
    {
        var records = ReadAll("\"a\";\"b\"\r\n\"1\";\"two\r\nlines\"\r\n\"2\";\"x\"\r\n");

        Assert.Equal([1, 2, 4], records.Select(r => r.Line));
        Assert.Equal(["1", "two\nlines"], records[1].Fields);
    }

    [Fact]
    public void Unquoted_and_empty_fields_are_read_as_they_are()
    {
        var records = ReadAll("1;;abc\n\"\";\"\"\n");

        Assert.Equal(["1", "", "abc"], records[0].Fields);
        Assert.Equal(["", ""], records[1].Fields);
    }

    [Fact]
    public void Blank_lines_are_skipped_but_still_counted()
    {
        var records = ReadAll("\"a\"\n\n\"b\"\n\n");

        Assert.Equal([1, 3], records.Select(r => r.Line));
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_column_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cordis-bom-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("\"projectID\";\"name\"\n\"1\";\"Université de Liège\"\n")]);
            using var reader = CordisCsvReader.Open(path);

            Assert.Equal(["projectID", "name"], reader.Read()!.Fields);
            Assert.Equal(["1", "Université de Liège"], reader.Read()!.Fields);
        }
        finally
        {
            File.Delete(path);
        }
        // A reader that leaves the mark in the text gets the same header.
        Assert.Equal(["projectID", "name"], ReadAll("\uFEFF\"projectID\";\"name\"\n")[0].Fields);
    }

    [Fact]
    public void An_unterminated_quote_rejects_its_record_and_the_records_after_it_are_read_again()
    {
        var records = ReadAll("\"id\";\"text\"\n\"1\";\"ok\"\n\"2\";\"never closed\n\"3\";\"after\"\n");

        Assert.Equal([1, 2, 3, 4], records.Select(r => r.Line));
        Assert.Equal("unterminated quote: the field opened on line 3 is never closed", records[2].Error);
        Assert.Null(records[3].Error);
        Assert.Equal(["3", "after"], records[3].Fields);

        // Open until the end of the file: the lines after the opening one come back as records of their own.
        var atEnd = ReadAll("\"a\";\"b\"\n\"1\";\"open\nstill open\n");
        Assert.Equal([(1, null), (2, "unterminated quote: the field opened on line 2 is never closed"), (3, null)], atEnd.Select(r => (r.Line, r.Error)));
        Assert.Equal(["still open"], atEnd[2].Fields);
    }

    [Fact]
    public void A_quote_that_is_not_doubled_rejects_the_record_but_keeps_the_next_ones_in_step()
    {
        var records = ReadAll("\"1\";\"a \"b\" c\"\n\"2\";\"d\"\n");

        Assert.Equal("a quote inside a quoted field on line 1 is not doubled", records[0].Error);
        Assert.Equal(2, records[0].Fields.Count);
        Assert.Equal((2, null), (records[1].Line, records[1].Error));
    }

    [Theory]
    [InlineData("1234,5", "1234.5")]
    [InlineData("1234.5", "1234.5")]
    [InlineData("1567500", "1567500")]
    [InlineData(" 0 ", "0")]
    [InlineData("0.005", "0.01")]
    [InlineData("", null)]
    public void Amounts_take_a_decimal_point_or_a_decimal_comma(string text, string? expected)
    {
        Assert.True(CordisFiles.TryParseAmount(text, out var amount));
        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), amount);
    }

    [Theory]
    [InlineData("4O1250,00")]
    [InlineData("1.234,5")]
    [InlineData("1,234,500")]
    [InlineData("EUR 12")]
    [InlineData("99999999999999")]
    public void Other_amounts_are_rejected(string text) => Assert.False(CordisFiles.TryParseAmount(text, out _));

    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("", true)]
    [InlineData("2024-09-31", false)]
    [InlineData("31/12/2024", false)]
    [InlineData("2024-12-31 00:00:00", false)]
    public void Dates_are_year_month_day(string text, bool valid) => Assert.Equal(valid, CordisFiles.TryParseDate(text, out _));

    [Fact]
    public void Columns_are_found_by_name_in_any_order_and_rows_with_another_field_count_are_rejected()
    {
        var path = WriteTemp(
            "\"extra\";\"role\";\"name\";\"projectID\";\"organisationID\";\"vatNumber\";\"shortName\";\"SME\";\"activityType\";\"street\";\"postCode\";\"city\";\"country\";\"nutsCode\";\"organizationURL\";\"ecContribution\";\"totalCost\"\n"
            + "\"x\";\"coordinator\";\"UNIVERSITE DE MONS\";\"825123\";\"999842536\";\"\";\"UMONS\";\"false\";\"HES\";\"Place du Parc 20\";\"7000\";\"Mons\";\"BE\";\"BE323\";\"www.umons.ac.be\";\"1296875,75\";\"1296875.75\"\n"
            + "\"x\";\"participant\";\"TOO SHORT\"\n");
        try
        {
            var problems = new List<CordisImportProblem>();

            var (rows, rejectedLinesByProjectId) = CordisFiles.ReadParticipations(path, problems);

            var row = Assert.Single(rows);
            Assert.Equal((2, "825123", "999842536", "UNIVERSITE DE MONS", "coordinator", 1296875.75m, 1296875.75m, "http://www.umons.ac.be"),
                (row.Line, row.ProjectId, row.Pic, row.Name, row.Role, row.EcContribution, row.TotalCost, row.Website));
            Assert.Equal(new CordisImportProblem(Path.GetFileName(path), 3, "3 fields where the header has 17"), Assert.Single(problems));
            Assert.Empty(rejectedLinesByProjectId); // a row of the wrong length names no project that can be trusted
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_row_with_a_control_character_is_rejected_naming_its_column()
    {
        var path = WriteTemp(
            "\"role\";\"name\";\"projectID\";\"organisationID\";\"vatNumber\";\"shortName\";\"SME\";\"activityType\";\"street\";\"postCode\";\"city\";\"country\";\"nutsCode\";\"organizationURL\";\"ecContribution\";\"totalCost\"\n"
            + "\"coordinator\";\"UNIVERSITE\u0000DE MONS\";\"825123\";\"999842536\";\"\";\"UMONS\";\"false\";\"HES\";\"Place du Parc 20\";\"7000\";\"Mons\";\"BE\";\"BE323\";\"\";\"1\";\"1\"\n");
        try
        {
            var problems = new List<CordisImportProblem>();

            var (rows, _) = CordisFiles.ReadParticipations(path, problems);

            Assert.Empty(rows);
            Assert.Equal(new CordisImportProblem(Path.GetFileName(path), 2, "name holds a control character (as the API refuses it)"), Assert.Single(problems));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://ftp.umons.ac.be")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    public void A_website_that_is_not_http_is_dropped_and_kept_for_the_report(string url)
    {
        var path = WriteTemp(
            "\"role\";\"name\";\"projectID\";\"organisationID\";\"vatNumber\";\"shortName\";\"SME\";\"activityType\";\"street\";\"postCode\";\"city\";\"country\";\"nutsCode\";\"organizationURL\";\"ecContribution\";\"totalCost\"\n"
            + $"\"coordinator\";\"UNIVERSITE DE MONS\";\"825123\";\"999842536\";\"\";\"UMONS\";\"false\";\"HES\";\"Place du Parc 20\";\"7000\";\"Mons\";\"BE\";\"BE323\";\"{url}\";\"1\";\"1\"\n");
        try
        {
            var (rows, _) = CordisFiles.ReadParticipations(path, []);
            var row = Assert.Single(rows);
            Assert.Null(row.Website);
            Assert.Equal(url, row.DroppedWebsite);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_required_column_makes_the_whole_file_unreadable()
    {
        var path = WriteTemp("\"id\";\"acronym\";\"title\"\n\"1\";\"A\";\"B\"\n");
        try
        {
            var error = Assert.Throws<CordisFileException>(() => CordisFiles.ReadProjects(path, []));
            Assert.Contains("\"status\", \"startDate\", \"endDate\", \"frameworkProgramme\", \"fundingScheme\", \"objective\"", error.Message);
            Assert.StartsWith(Path.GetFileName(path), error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string WriteTemp(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cordis-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
