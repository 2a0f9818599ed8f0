using System.Text;

namespace Biotope.Features.Projects.Cordis;

/// <summary>
/// One record of a CORDIS CSV file. <see cref="Line"/> is the physical line it starts on (1-based);
/// <see cref="Error"/> says why the record cannot be trusted (then its fields may be incomplete).
/// </summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error);

/// <summary>A CORDIS file that cannot be read at all (missing, unreadable, empty, a required column absent).</summary>
public sealed class CordisFileException(string message) : Exception(message);

/// <summary>
/// Reads the CSV dialect of the CORDIS open-data exports: fields separated by semicolons and quoted with ",
/// quotes doubled inside a quoted field, which may hold semicolons and line breaks; UTF-8 with or without BOM.
/// Line breaks inside a field become "\n". Malformed records are returned with an <see cref="CsvRecord.Error"/>
/// rather than thrown, so one bad record does not stop the file.
/// </summary>
public sealed class CordisCsvReader : IDisposable
{
    private const char Separator = ';';
    private const char Quote = '"';

    private readonly TextReader reader;
    // Lines to read again before the reader's next: those an unterminated quote swallowed.
    private readonly List<(int Number, string Text)> replay = [];
    private int linesRead;

    public CordisCsvReader(TextReader reader) => this.reader = reader;

    /// <summary>Opens a file as UTF-8, skipping a byte-order mark if there is one.</summary>
    public static CordisCsvReader Open(string path) =>
        new(new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true));

    /// <summary>The next record, or null at the end of the input. Blank lines between records are skipped.</summary>
    public CsvRecord? Read()
    {
        while (NextLine() is { } first)
        {
            if (first.Text.Length == 0) continue;
            return ParseRecord(first);
        }
        return null;
    }

    public void Dispose() => reader.Dispose();

    private (int Number, string Text)? NextLine()
    {
        if (replay.Count > 0)
        {
            var line = replay[0];
            replay.RemoveAt(0);
            return line;
        }
        var text = reader.ReadLine();
        if (text is null) return null;
        linesRead++;
        // A BOM left in by a reader that does not strip it.
        if (linesRead == 1 && text.StartsWith('\uFEFF')) text = text[1..];
        return (linesRead, text);
    }

    private CsvRecord ParseRecord((int Number, string Text) first)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var consumed = new List<(int Number, string Text)> { first };
        string? error = null;
        var (lineNumber, text) = first;
        var position = 0;
        var quoted = false;
        var atFieldStart = true;
        var openingLine = first.Number;

        while (true)
        {
            if (position == text.Length)
            {
                if (!quoted)
                {
                    fields.Add(field.ToString());
                    return new CsvRecord(first.Number, fields, error);
                }
                // A line break inside a quoted field belongs to the field.
                if (NextLine() is not { } next) return Unterminated(first.Number, fields, consumed, openingLine);
                consumed.Add(next);
                (lineNumber, text) = next;
                position = 0;
                field.Append('\n');
                continue;
            }

            var c = text[position++];
            if (quoted)
            {
                if (c != Quote)
                {
                    field.Append(c);
                }
                else if (position < text.Length && text[position] == Quote)
                {
                    field.Append(Quote);
                    position++;
                }
                else if (position == text.Length || text[position] == Separator)
                {
                    quoted = false;
                }
                else if (lineNumber > openingLine)
                {
                    // A stray quote after a line break: the field most likely never closed and swallowed the next records.
                    return Unterminated(first.Number, fields, consumed, openingLine);
                }
                else
                {
                    // Keep reading as if the quote had been doubled: the record usually still splits right.
                    error ??= $"a quote inside a quoted field on line {lineNumber} is not doubled";
                    field.Append(Quote);
                }
            }
            else if (c == Separator)
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                continue;
            }
            else if (c == Quote && atFieldStart)
            {
                quoted = true;
                openingLine = lineNumber;
            }
            else
            {
                if (c == Quote) error ??= $"a quote inside an unquoted field on line {lineNumber}";
                field.Append(c);
            }
            atFieldStart = false;
        }
    }

    /// <summary>Rejects the record and gives back the lines after the one its open field started on, to be read again.</summary>
    private CsvRecord Unterminated(int recordLine, List<string> fields, List<(int Number, string Text)> consumed, int openingLine)
    {
        replay.InsertRange(0, consumed.Where(line => line.Number > openingLine));
        return new CsvRecord(recordLine, fields, $"unterminated quote: the field opened on line {openingLine} is never closed");
    }
}

/// <summary>A CORDIS file's header: the position of each column the importer reads, found by name.</summary>
public sealed class CsvColumns
{
    private readonly Dictionary<string, int> indexByName;

    private CsvColumns(Dictionary<string, int> indexByName, int count)
    {
        this.indexByName = indexByName;
        Count = count;
    }

    /// <summary>How many fields every record must have: as many as the header.</summary>
    public int Count { get; }

    /// <summary>Maps the header; throws <see cref="CordisFileException"/> naming the required columns it lacks.</summary>
    public static CsvColumns Map(string file, CsvRecord header, IReadOnlyList<string> required)
    {
        if (header.Error is not null) throw new CordisFileException($"{file}: the header on line {header.Line} is malformed: {header.Error}");
        var indexByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++)
            indexByName.TryAdd(header.Fields[i].Trim(), i);
        var missing = required.Where(name => !indexByName.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new CordisFileException($"{file}: the header lacks the column{(missing.Count == 1 ? "" : "s")} "
                + string.Join(", ", missing.Select(m => $"\"{m}\"")) + "; is this a CORDIS export?");
        }
        return new CsvColumns(indexByName, header.Fields.Count);
    }

    /// <summary>The trimmed value of <paramref name="column"/>, or null when it is empty.</summary>
    public string? Value(CsvRecord record, string column)
    {
        var value = record.Fields[indexByName[column]].Trim();
        return value.Length == 0 ? null : value;
    }
}
