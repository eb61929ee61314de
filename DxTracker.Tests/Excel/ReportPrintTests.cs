using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Demo;
using DxTracker.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static DxTracker.Tests.Excel.ExcelFixtures;

namespace DxTracker.Tests.Excel;

/// <summary>The demo ward's annual report for the year in progress, opened by a real spreadsheet application: LibreOffice Calc
/// (headless, installed by scripts/test.sh) converts it to PDF, and poppler's pdfinfo and pdftotext read the pages. Needs no
/// database provider of its own, so it runs in the SQLite pass only.</summary>
[Trait("Database", "Sqlite")]
public sealed partial class ReportPrintTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How long one conversion may take on a loaded 2-core machine.</summary>
    private static readonly TimeSpan ConversionDeadline = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task LibreOffice_prints_the_demo_wards_report_on_landscape_pages_with_the_summary_on_one()
    {
        Japanese();
        await using var database = await TestDatabase.CreateAsync();
        await DemoCityFixture.BuildAsync(database, DemoCityFixture.Seed);
        var clock = new FakeTimeProvider(new DateTimeOffset(DemoCityFixture.UtcNow));
        var year = FiscalYear.Of(DemoCityFixture.UtcNow);
        var reports = new AnnualReportService(database, new BoardQuery(database, clock), new ProfileBoardQuery(database), new EraSettings(), new OfficeSettings { Name = "デモ区役所" }, clock);
        var xlsx = Path.Combine(database.Directory, "report.xlsx");
        await File.WriteAllBytesAsync(xlsx, await reports.BuildAsync(year, Ct), Ct);

        await RunAsync("soffice", ConversionDeadline, "--headless", "--norestore",
            "-env:UserInstallation=" + new Uri(Path.Combine(database.Directory, "libreoffice-profile")).AbsoluteUri,
            "--convert-to", "pdf", "--outdir", database.Directory, xlsx);
        var pdf = Path.Combine(database.Directory, "report.pdf");
        Assert.True(File.Exists(pdf), "LibreOffice wrote no PDF");

        var info = await RunAsync("pdfinfo", TimeSpan.FromMinutes(1), "-f", "1", "-l", "100000", pdf);
        var pageCount = int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
        var rotations = PageRotationLine().Matches(info).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var sizes = PageSizeLine().Matches(info).Select((m, i) => (
            Width: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            Height: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            Rotation: i < rotations.Count ? rotations[i] : -1)).ToList();
        Assert.Equal(pageCount, sizes.Count);
        // A4 landscape: 842 × 595 points, not rotated.
        Assert.All(sizes, s => Assert.Equal((842, 595, 0), ((int)Math.Round(s.Width), (int)Math.Round(s.Height), s.Rotation)));

        // Each page's header names the report, its year and the sheet; its footer the office and 「N / M ページ」.
        var text = await RunAsync("pdftotext", TimeSpan.FromMinutes(1), "-layout", pdf, "-");
        var pages = text.Split('\f').Take(pageCount).ToList();
        Assert.Equal(pageCount, pages.Count);
        var sheetOfPage = new List<string>();
        for (var i = 0; i < pages.Count; i++)
        {
            var lines = pages[i].Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            Assert.Matches(@"^行政手続のオンライン化 年次報告\s+令和8年度\s", lines[0]);
            sheetOfPage.Add(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]);
            Assert.Contains("デモ区役所", lines[^1]);
            Assert.Contains("作成日：2026年11月27日", lines[^1]);
            Assert.Contains($"{i + 1} / {pageCount} ページ", lines[^1]);
        }
        Assert.Equal(["概要", "課別", "在宅勤務・BPRの指標", "手続一覧", "在宅勤務・BPR", "ヒアリング", "課題・異議", "状態変更"], sheetOfPage.Distinct());
        var summary = Assert.Single(pages, p => sheetOfPage[pages.IndexOf(p)] == "概要");
        Assert.Contains("本日時点", summary);
        Assert.Contains("オンライン化率と利用率の推移", summary);
        Assert.Contains("種類数ベース：", summary);
        // No row's text is printed over the row above it (the first data row under the repeated header row included): down
        // the first column of every table page, each word starts below the one above it ends.
        var boxes = new List<List<(double X, double Top, double Bottom, string Text)>>();
        foreach (var chunk in (await RunAsync("pdftotext", TimeSpan.FromMinutes(1), "-bbox", pdf, "-")).Split("<page ").Skip(1))
            boxes.Add(WordBox().Matches(chunk).Select(m => (Number(m, 1), Number(m, 2), Number(m, 4), m.Groups[5].Value)).ToList());
        Assert.Equal(pageCount, boxes.Count);
        var overlaps = new List<string>();
        for (var i = 0; i < pageCount; i++)
        {
            if (sheetOfPage[i] == "概要")
                continue;
            // Without the page's header (its first line) and footer (its last line).
            var body = boxes[i].Where(w => w.Top > boxes[i].Min(b => b.Bottom) && w.Bottom < boxes[i].Max(b => b.Top)).ToList();
            var left = body.Min(w => w.X);
            var column = body.Where(w => w.X < left + 1).OrderBy(w => w.Top).ToList();
            for (var j = 1; j < column.Count; j++)
                if (column[j].Top < column[j - 1].Bottom - 0.01)
                    overlaps.Add($"page {i + 1} ({sheetOfPage[i]}): '{column[j].Text}' starts at {column[j].Top:0.00} pt, above the end of '{column[j - 1].Text}' at {column[j - 1].Bottom:0.00} pt");
        }
        Assert.True(overlaps.Count == 0, string.Join("\n", overlaps.Take(10)));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"令和8年度 report of the demo ward: {pageCount} A4 landscape pages ({string.Join(", ", sheetOfPage.GroupBy(s => s).Select(g => $"{g.Key} {g.Count()}"))})");
    }

    /// <summary>Runs a program to its end within <paramref name="deadline"/> and returns what it printed; fails with its
    /// output when it exits with an error or is still running at the deadline.</summary>
    private static async Task<string> RunAsync(string program, TimeSpan deadline, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed (scripts/test.sh installs libreoffice-calc-nogui and poppler-utils): {e.Message}", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(Ct);
            var errors = process.StandardError.ReadToEndAsync(Ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(deadline);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{program} had not finished after {deadline.TotalSeconds:0} s");
            }
            Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {await errors}");
            return await output;
        }
    }

    private static double Number(Match m, int group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("<word xMin=\"([\\d.]+)\" yMin=\"([\\d.]+)\" xMax=\"([\\d.]+)\" yMax=\"([\\d.]+)\">([^<]*)</word>")]
    private static partial Regex WordBox();

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", RegexOptions.Multiline)]
    private static partial Regex PageSizeLine();

    [GeneratedRegex(@"^Page\s+\d+ rot:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PageRotationLine();
}
