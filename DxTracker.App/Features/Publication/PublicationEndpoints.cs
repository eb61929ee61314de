using System.Globalization;
using System.Text;
using System.Xml;
using ClosedXML.Excel;
using DxTracker.App.Features.Excel;
using DxTracker.App.Hosting;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Publication;
using DxTracker.Domain.Reporting;
using Microsoft.Extensions.Options;

namespace DxTracker.App.Features.Publication;

/// <summary>The public files under the Publication switch (404 while off): the yearly table as CSV (UTF-8 with BOM, Japanese
/// headers) and Excel, and what became newly online as CSV and as an Atom feed. Text is guarded against formula injection
/// (a cell starting with = + - @ tab or CR is quote-prefixed, as <see cref="SheetWriter"/> does).</summary>
public static class PublicationEndpoints
{
    public const int FeedLength = 50;

    public static void MapPublicationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(PublicCache.PathPrefix).AllowAnonymous().AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<PublicationOptions>>().CurrentValue.Enabled
                ? await next(context)
                : Results.NotFound());

        group.MapGet("/procedures.csv", async (int? fy, string? q, int? dept, PublicationQuery query, EraSettings era, CancellationToken ct) =>
        {
            var year = YearOrCurrent(fy, query);
            var rows = await query.AllAsync(year, new PublicationFilter(q, dept), ct);
            var csv = Csv(TableHeader, rows.Select(r => TableRow(year, era, r)));
            return Results.File(csv, "text/csv; charset=utf-8", Invariant($"procedures_FY{year.Year}.csv"));
        });

        group.MapGet("/procedures.xlsx", async (int? fy, string? q, int? dept, PublicationQuery query, EraSettings era, CancellationToken ct) =>
        {
            var year = YearOrCurrent(fy, query);
            var rows = await query.AllAsync(year, new PublicationFilter(q, dept), ct);
            using var workbook = new XLWorkbook();
            SheetWriter.AddTable(workbook, PublicationText.Japanese("Sheet"), "Procedures",
                TableHeader.Select((h, i) => new SheetColumn(PublicationText.Japanese(h), TableKinds[i])).ToList(),
                rows.Select(r => TableRow(year, era, r)));
            using var stream = new MemoryStream();
            workbook.SaveAs(stream);
            return Results.File(stream.ToArray(), ExcelEndpoints.XlsxContentType, Invariant($"procedures_FY{year.Year}.xlsx"));
        });

        group.MapGet("/new.csv", async (string? period, PublicationQuery query, EraSettings era, CancellationToken ct) =>
        {
            var p = PostPeriod.Parse(period) ?? PostPeriod.OfFiscalYear(query.CurrentYear);
            var rows = await query.NewlyOnlineAsync(p.StartUtc, p.EndUtc, ct: ct);
            string[] header = ["Col_OnlineSince", "Col_Department", "Col_Procedure", "Col_Url"];
            var csv = Csv(header, rows.Select(r => new object?[] { DateOnly.FromDateTime(FiscalYear.ToJapan(r.OnlineSinceUtc)), r.DepartmentName, r.Name, r.Url }));
            return Results.File(csv, "text/csv; charset=utf-8", "new_" + p + ".csv");
        });

        group.MapGet("/new.atom", async (HttpContext http, PublicationQuery query, TimeProvider clock, CancellationToken ct) =>
        {
            var rows = await query.NewlyOnlineAsync(DateTime.MinValue, clock.GetUtcNow().UtcDateTime.AddMinutes(1), FeedLength, ct);
            return Results.Bytes(Atom(http, rows, clock), "application/atom+xml; charset=utf-8");
        });
    }

    private static readonly string[] TableHeader =
        ["Col_FiscalYear", "Col_Year", "Col_Division", "Col_Department", "Col_Procedure", "Col_Online", "Col_Total", "Col_OnlineCount", "Col_OnlineRate", "Col_VolumeYear", "Col_Url"];

    private static readonly CellKind[] TableKinds =
        [CellKind.Text, CellKind.Year, CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Number, CellKind.Number, CellKind.Percent, CellKind.Year, CellKind.Text];

    private static object?[] TableRow(FiscalYear year, EraSettings era, PublishedProcedure r) =>
    [
        year.JapaneseLabel(era), year.Year, r.DivisionName, r.DepartmentName, r.Name,
        PublicationText.Japanese(r.IsOnline ? "Yes" : "No"), r.Total, r.Online, r.OnlineRate, r.VolumeYear, r.Url,
    ];

    /// <summary>The requested fiscal year, or the current one.</summary>
    public static FiscalYear YearOrCurrent(int? fy, PublicationQuery query) =>
        fy is >= 1989 and <= 2100 ? new FiscalYear(fy.Value) : query.CurrentYear;

    /// <summary>UTF-8 with BOM (Excel opens it as UTF-8), Japanese headers, CRLF; a rate as a percentage with one decimal.</summary>
    private static byte[] Csv(IEnumerable<string> header, IEnumerable<object?[]> rows)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', header.Select(h => Quote(PublicationText.Japanese(h))))).Append("\r\n");
        foreach (var row in rows)
            csv.Append(string.Join(',', row.Select(Cell))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        string s => Quote(SheetWriter.NeedsQuotePrefix(s) ? "'" + s : s),
        double d => Math.Round(d * 100, 1).ToString("0.0", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 4287: one entry per newly online procedure (newest first), linking to its online form.</summary>
    private static byte[] Atom(HttpContext http, IReadOnlyList<NewlyOnline> rows, TimeProvider clock)
    {
        const string ns = "http://www.w3.org/2005/Atom";
        var self = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", ns);
            xml.WriteAttributeString("xml", "lang", null, "ja");
            xml.WriteElementString("title", ns, PublicationText.Japanese("Feed_Title"));
            xml.WriteElementString("id", ns, self + "/public/new.atom");
            xml.WriteElementString("updated", ns, Atom((rows.Count > 0 ? rows[0].OnlineSinceUtc : clock.GetUtcNow().UtcDateTime)));
            Link(xml, ns, self + "/public/new.atom", "self");
            Link(xml, ns, self + "/public/new", "alternate");
            foreach (var r in rows)
            {
                xml.WriteStartElement("entry", ns);
                xml.WriteElementString("title", ns, string.Format(CultureInfo.InvariantCulture, PublicationText.Japanese("Feed_Entry"), r.Name, r.DepartmentName));
                xml.WriteElementString("id", ns, Invariant($"{self}/public/new#{r.Code}-{r.OnlineSinceUtc.Ticks}"));
                xml.WriteElementString("updated", ns, Atom(r.OnlineSinceUtc));
                Link(xml, ns, r.Url, "alternate");
                xml.WriteStartElement("author", ns);
                xml.WriteElementString("name", ns, r.DepartmentName);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return stream.ToArray();
    }

    private static string Atom(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Link(XmlWriter xml, string ns, string href, string rel)
    {
        xml.WriteStartElement("link", ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}
