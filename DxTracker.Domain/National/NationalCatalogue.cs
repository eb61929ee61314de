using System.Globalization;
using System.Text;
using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.National;

/// <summary>The national survey catalogue embedded in this assembly (National/Data/national-procedures-local.csv, see the
/// README beside it): parsing and loading into the database. Source: デジタル庁「行政手続等の悉皆調査結果等」.</summary>
public static class NationalCatalogue
{
    public const string ResourceName = "DxTracker.Domain.National.national-procedures-local.csv";

    /// <summary>Attribution to show wherever catalogue data is shown or shipped.</summary>
    public const string Attribution = "出典：デジタル庁『行政手続等の悉皆調査結果等』を加工して作成";

    /// <summary>The survey date of the embedded catalogue: online status is as of 令和6年3月31日 (2024-03-31); counts are
    /// for 令和5年度 (FY2023); results were published 令和7年7月29日.</summary>
    public static readonly DateOnly SurveyDate = new(2024, 3, 31);

    private static readonly string[] Header =
    [
        "手続ID", "所管府省庁", "手続名", "法令名", "根拠条項号", "事務区分", "手続主体", "手続の受け手",
        "オンライン化の実施状況", "オンライン化の実施予定及び検討時の懸念点", "オンライン化実施時期",
        "申請等における本人確認手法", "手数料等の納付有無", "申請時に添付させる書類", "総手続件数", "オンライン手続件数",
        "手続が行われるイベント(個人)",
    ];

    /// <summary>Parses the embedded catalogue (2,972 rows).</summary>
    public static IReadOnlyList<NationalProcedure> ReadEmbedded()
    {
        using var stream = typeof(NationalCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader, SurveyDate);
    }

    /// <summary>Inserts the embedded catalogue for <see cref="SurveyDate"/> unless rows of that survey date exist already
    /// (a re-load is a no-op). Returns the number of rows inserted.</summary>
    public static async Task<int> LoadAsync(DxDbContext db, CancellationToken ct = default)
    {
        if (await db.NationalProcedures.AnyAsync(n => n.SurveyDate == SurveyDate, ct))
            return 0;
        var rows = ReadEmbedded();
        db.NationalProcedures.AddRange(rows);
        await db.SaveChangesAsync(ct);
        return rows.Count;
    }

    /// <summary>Parses the survey CSV (UTF-8, RFC 4180, header row with the official column names).</summary>
    /// <exception cref="FormatException">A row is malformed; the message names the line and column.</exception>
    public static IReadOnlyList<NationalProcedure> Parse(TextReader reader, DateOnly surveyDate)
    {
        var result = new List<NationalProcedure>();
        Dictionary<string, int>? columns = null;
        foreach (var (line, fields) in Csv.Read(reader))
        {
            if (columns is null)
            {
                columns = fields.Select((name, i) => (name: name.Trim().TrimStart('\uFEFF'), i))
                    .ToDictionary(x => x.name, x => x.i);
                var missing = Header.Where(h => !columns.ContainsKey(h)).ToList();
                if (missing.Count > 0)
                    throw new FormatException($"Line {line}: missing columns {string.Join(", ", missing)}.");
                continue;
            }
            if (fields.Count == 1 && fields[0].Length == 0)
                continue; // blank line
            if (fields.Count != columns.Count)
                throw new FormatException($"Line {line}: expected {columns.Count} fields, found {fields.Count}.");
            string Get(string name) => fields[columns[name]].Trim();
            int? Code(string name) => ParseCode(Get(name), line, name);
            try
            {
                var id = Get("手続ID");
                result.Add(new NationalProcedure
                {
                    SurveyDate = surveyDate,
                    NationalId = id.Length > 0 ? id : throw new FormatException("empty"),
                    Ministry = Get("所管府省庁"),
                    Name = Get("手続名") is { Length: > 0 } n ? n : throw new FormatException("empty"),
                    LawName = Get("法令名"),
                    LawArticle = Get("根拠条項号"),
                    AdministrativeCategory = Code("事務区分"),
                    OnlineStatus = Code("オンライン化の実施状況"),
                    ConcernCodes = string.Join("; ", ParseCodes(Get("オンライン化の実施予定及び検討時の懸念点"), line, "オンライン化の実施予定及び検討時の懸念点")),
                    TargetFiscalYear = ParseTargetYear(Get("オンライン化実施時期"), line),
                    // A few rows give several methods ("5 その他; 6 本人確認不要"): the first (strictest) one is kept.
                    IdentityCheck = ParseCodes(Get("申請等における本人確認手法"), line, "申請等における本人確認手法").Cast<int?>().FirstOrDefault(),
                    HasFee = Code("手数料等の納付有無") switch
                    {
                        null => null,
                        1 => false,
                        2 => true,
                        var other => throw new FormatException($"Line {line}: 手数料等の納付有無 code {other} is not 1 or 2."),
                    },
                    Attachments = Get("申請時に添付させる書類"),
                    TotalCount = ParseCount(Get("総手続件数"), line, "総手続件数"),
                    OnlineCount = ParseCount(Get("オンライン手続件数"), line, "オンライン手続件数"),
                    LifeEvents = Get("手続が行われるイベント(個人)"),
                });
            }
            catch (FormatException e) when (!e.Message.StartsWith("Line ", StringComparison.Ordinal))
            {
                throw new FormatException($"Line {line}: required field is empty.", e);
            }
        }
        if (columns is null)
            throw new FormatException("The file is empty.");
        return result;
    }

    /// <summary>"4 その他" → 4; "" → null.</summary>
    internal static int? ParseCode(string value, int line, string column)
    {
        var codes = ParseCodes(value, line, column);
        return codes.Count switch
        {
            0 => null,
            1 => codes[0],
            _ => throw new FormatException($"Line {line}: {column} has several codes ({value}), one expected."),
        };
    }

    /// <summary>"0 オンライン化実施予定; 3 電子化に必要な…" → [0, 3]: the leading number of each "; "-separated part.</summary>
    internal static IReadOnlyList<int> ParseCodes(string value, int line, string column)
    {
        var codes = new List<int>();
        foreach (var part in value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var digits = part.TakeWhile(char.IsAsciiDigit).Count();
            if (digits == 0 || !int.TryParse(part.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                throw new FormatException($"Line {line}: {column} \"{part}\" does not start with a code.");
            codes.Add(code);
        }
        return codes;
    }

    /// <summary>"2 2025年度" → 2025 (the year, not the code); "" → null.</summary>
    internal static int? ParseTargetYear(string value, int line)
    {
        if (value.Length == 0)
            return null;
        var space = value.IndexOf(' ');
        var yearText = space < 0 ? "" : value[(space + 1)..].Replace("年度", "", StringComparison.Ordinal).Trim();
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1989 or > 2100)
            throw new FormatException($"Line {line}: オンライン化実施時期 \"{value}\" is not \"<code> <year>年度\".");
        return year;
    }

    /// <summary>"12345" → 12345 (0 is kept as given: the survey often means unknown by it); "" → null.</summary>
    internal static long? ParseCount(string value, int line, string column)
    {
        if (value.Length == 0)
            return null;
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            throw new FormatException($"Line {line}: {column} \"{value}\" is not a whole number.");
        return count;
    }
}

/// <summary>A small RFC 4180 reader: comma-separated, fields optionally in double quotes, "" inside quotes is a quote,
/// quoted fields may hold commas and line breaks; CRLF or LF line ends.</summary>
internal static class Csv
{
    /// <summary>Yields each record with the (1-based) line it starts on.</summary>
    public static IEnumerable<(int Line, List<string> Fields)> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var quotedField = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                        line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0 && !quotedField:
                    inQuotes = true;
                    quotedField = true;
                    break;
                case '"':
                    throw new FormatException($"Line {line}: a quote inside an unquoted field.");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    quotedField = false;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    yield return (recordLine, fields);
                    fields = [];
                    field.Clear();
                    quotedField = false;
                    any = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (quotedField)
                        throw new FormatException($"Line {line}: text after a closing quote.");
                    field.Append(ch);
                    break;
            }
        }
        if (inQuotes)
            throw new FormatException($"Line {recordLine}: a quoted field is not closed.");
        if (any)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields);
        }
    }
}
