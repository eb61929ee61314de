using System.Net;
using System.Text;
using ClosedXML.Excel;
using DxTracker.App.Features.Share;
using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Publication;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

/// <summary>The publication table, the newly-online page and feeds, the public cache and rate limit, and the DX team's
/// progress post, in the real app and Chromium.</summary>
[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")] // browser only: the SQLite pass (AppCollection)
public sealed class PublicationTests(AppFixture app)
{
    private const string FormUrl = "https://form.example.jp/e2e-publication";
    private const string Online = "公表検証用の電子申請";
    private const string Hidden = "公表を見合わせる検証用の届出";
    private const string ObjectionText = "公表検証：窓口で原本確認が必要との意見";

    private static readonly string[] PublicUrls =
        ["/public/procedures", "/public/procedures.csv", "/public/procedures.xlsx", "/public/new", "/public/new.csv", "/public/new.atom"];

    [Fact]
    public async Task Everything_is_404_while_off_and_once_on_a_resident_finds_a_procedure_and_follows_its_form_link()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        foreach (var url in PublicUrls)
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(url, ct)).StatusCode);

        SetSetting("Publication:Enabled", "true");
        try
        {
            var page = await app.NewPageAsync();
            // The resident's form is at the edge: answered by the browser's route, never the internet.
            await page.Context.RouteAsync(FormUrl, route => route.FulfillAsync(new()
            {
                Status = 200, ContentType = "text/html; charset=utf-8", Body = "<html><body><h1>電子申請フォーム</h1></body></html>",
            }));
            Assert.Equal(200, (await page.GotoAsync("/public/procedures"))!.Status);
            await page.FillAsync("[data-testid=publication-search]", "公表検証用");
            await page.ClickAsync("[data-testid=publication-show]");
            await page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal));
            var row = page.Locator("[data-testid=publication-row]", new() { HasText = Online });
            Assert.Equal(1, await row.CountAsync());
            Assert.Contains("12,000", await row.InnerTextAsync());
            var popup = await page.Context.RunAndWaitForPageAsync(() => row.Locator("[data-testid=publication-url]").ClickAsync());
            await popup.WaitForLoadStateAsync();
            Assert.Equal(FormUrl, popup.Url);
            Assert.Equal("電子申請フォーム", await popup.InnerTextAsync("h1"));

            // Every public output: no withheld procedure, no person's name, no objection text.
            var names = await UserNamesAsync();
            var outputs = new List<string> { await page.InnerTextAsync("body") };
            foreach (var url in PublicUrls.Where(u => !u.EndsWith(".xlsx", StringComparison.Ordinal)))
                outputs.Add(WebUtility.HtmlDecode(await http.GetStringAsync(url + (url.Contains("new") ? "" : "?fy=" + CurrentFiscalYear()), ct)));
            outputs.Add(XlsxText(await http.GetByteArrayAsync("/public/procedures.xlsx", ct)));
            Assert.Contains(outputs, o => o.Contains(Online, StringComparison.Ordinal));
            foreach (var output in outputs)
            {
                Assert.DoesNotContain(Hidden, output);
                Assert.DoesNotContain(ObjectionText, output);
                Assert.DoesNotContain(names, output.Contains);
            }

            // The CSV: UTF-8 with BOM, Japanese headers, the procedure's figures and form.
            var csv = await http.GetByteArrayAsync("/public/procedures.csv?q=" + Uri.EscapeDataString("公表検証用"), ct);
            Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
            var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("\"年度\",\"年度（西暦）\",\"部\",\"課\",\"手続名\"", lines[0]);
            Assert.Contains($"\"{Online}\",\"済\",12000,3000,25.0,", lines[1]);
            Assert.EndsWith($"\"{FormUrl}\"", lines[1]);

            var atom = await http.GetStringAsync("/public/new.atom", ct);
            Assert.Contains($"href=\"{FormUrl}\"", atom);
            await page.Context.CloseAsync();
        }
        finally
        {
            SetSetting("Publication:Enabled", "false");
        }
        foreach (var url in PublicUrls)
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(url, ct)).StatusCode);
    }

    [Fact]
    public async Task Public_answers_are_cached_with_an_ETag_refreshed_when_the_figures_change_and_limited_per_client()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync();
        SetSetting("Publication:Enabled", "true");
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        try
        {
            var first = await http.GetAsync("/public/procedures.csv?q=E2E-PUB", ct);
            Assert.Equal("public, max-age=60", first.Headers.CacheControl?.ToString());
            var etag = first.Headers.ETag!;
            var again = await http.GetAsync("/public/procedures.csv?q=E2E-PUB", ct);
            Assert.Equal(etag, again.Headers.ETag);
            using var conditional = new HttpRequestMessage(HttpMethod.Get, "/public/procedures.csv?q=E2E-PUB");
            conditional.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(conditional, ct)).StatusCode);

            // A save that changes the figures empties the cache: the next answer is new.
            var before = await http.GetStringAsync("/public/procedures.csv?q=E2E-PUB", ct);
            await SetVolumeAsync(12_345);
            var after = await http.GetAsync("/public/procedures.csv?q=E2E-PUB", ct);
            Assert.NotEqual(etag, after.Headers.ETag);
            Assert.Contains(",12345,", await after.Content.ReadAsStringAsync(ct));
            Assert.DoesNotContain(",12345,", before);
            await SetVolumeAsync(12_000);

            // Per client: beyond the limit a public answer (cached or not) is 429; the staff pages are not limited.
            SetSetting("Security:PublicPermitsPerMinute", "3");
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 5; i++)
                statuses.Add((await http.GetAsync("/public/new.csv", ct)).StatusCode);
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync("/public/new", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(HealthSetup.Path, ct)).StatusCode);
        }
        finally
        {
            SetSetting("Security:PublicPermitsPerMinute", "1000");
            SetSetting("Publication:Enabled", "false");
        }
    }

    /// <summary>A shared public answer is compressed for a client that accepts it (brotli before gzip, as browsers ask), stored
    /// once per coding, and decompresses to what a client without compression gets; every shared answer says
    /// Vary: Accept-Encoding. Nothing else is compressed — a signed-in page holds secrets (antiforgery tokens) that
    /// compression over HTTPS would expose to BREACH.</summary>
    [Fact]
    public async Task Public_answers_are_compressed_for_clients_that_accept_it_and_nothing_signed_in_is()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync();
        var csv = "/public/procedures.csv?q=E2E-PUB&v=" + Guid.NewGuid().ToString("N");
        var page = "/public/procedures?q=E2E-PUB&v=" + Guid.NewGuid().ToString("N");
        using var visitor = new HttpClient { BaseAddress = app.BaseAddress };
        using var signedIn = HttpForms.Client(app.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await HttpForms.SignInAsync(signedIn, DemoSetup.DxTeamEmail, DemoSetup.Password)).StatusCode);
        SetSetting("Publication:Enabled", "true");
        try
        {
            foreach (var url in new[] { csv, page })
            {
                var plain = await GetAsync(visitor, url, null);
                Assert.Empty(plain.Content.Headers.ContentEncoding);
                Assert.Contains("Accept-Encoding", plain.Headers.Vary);
                var identity = await plain.Content.ReadAsByteArrayAsync(ct);
                Assert.Contains(Online, Encoding.UTF8.GetString(identity));
                foreach (var (accept, coding) in new[] { ("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("gzip, deflate, br, zstd", "br") })
                {
                    var answer = await GetAsync(visitor, url, accept);
                    Assert.Equal([coding], answer.Content.Headers.ContentEncoding);
                    Assert.Contains("Accept-Encoding", answer.Headers.Vary);
                    var bytes = await answer.Content.ReadAsByteArrayAsync(ct);
                    Assert.True(bytes.Length < identity.Length, $"{url} as {coding}: {bytes.Length} bytes, plain {identity.Length}");
                    // The same bytes, but for what each render of a page makes anew: its CSP nonce and the components' generated ids.
                    Assert.Equal(Rendered(identity), Rendered(Decompress(bytes, coding)));
                }
            }
            // Signed in: the public page rendered for this user and a staff page go out as they are (and a workbook, already a
            // zip, is never compressed again).
            foreach (var url in new[] { page, "/procedures", "/public/procedures.xlsx" })
                Assert.Empty((await GetAsync(signedIn, url, "gzip, deflate, br")).Content.Headers.ContentEncoding);
        }
        finally
        {
            SetSetting("Publication:Enabled", "false");
        }

        async Task<HttpResponseMessage> GetAsync(HttpClient http, string url, string? acceptEncoding)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (acceptEncoding is not null)
                request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            var response = await http.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response;
        }

        static string Rendered(byte[] answer) => System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(answer),
            "nonce=\"[^\"]*\"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "…");

        static byte[] Decompress(byte[] bytes, string coding)
        {
            using var input = new MemoryStream(bytes);
            using Stream decoder = coding == "br"
                ? new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress)
                : new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
            using var output = new MemoryStream();
            decoder.CopyTo(output);
            return output.ToArray();
        }
    }

    /// <summary>The HTML pages: an anonymous visitor's page is stored and shared (same ETag, same bytes, 304 on If-None-Match) and
    /// carries nothing of its own — no cookie, no antiforgery token, no persisted state, the CSP nonce of its own HTML; a
    /// signed-in request is rendered for itself, marked private and never stored; switched off, the page is 404 at once.</summary>
    [Fact]
    public async Task Public_pages_are_shared_between_anonymous_visitors_only_and_404_once_switched_off()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync();
        // An extra query key of its own: a cache entry no other request has made.
        var url = "/public/procedures?q=E2E-PUB&v=" + Guid.NewGuid().ToString("N");
        using var signedIn = HttpForms.Client(app.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await HttpForms.SignInAsync(signedIn, DemoSetup.DxTeamEmail, DemoSetup.Password)).StatusCode);
        using var visitor = new HttpClient { BaseAddress = app.BaseAddress };
        // Another visitor who has been on the sign-in page (and so holds an antiforgery cookie).
        using var otherVisitor = HttpForms.Client(app.BaseAddress);
        await otherVisitor.GetStringAsync("/account/login", ct);
        System.Net.Http.Headers.EntityTagHeaderValue etag;
        SetSetting("Publication:Enabled", "true");
        try
        {
            // Signed in first: not stored, so what follows is not this user's page.
            var own = await signedIn.GetAsync(url, ct);
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Null(own.Headers.ETag);
            Assert.True(own.Headers.CacheControl is { Private: true, NoStore: true }, $"Cache-Control: {own.Headers.CacheControl}");

            var first = await visitor.GetAsync(url, ct);
            var html = await first.Content.ReadAsStringAsync(ct);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            // Shared, but asked again by the browser each time (answered 304 from the cache), so switching off is seen at once.
            Assert.Equal("public, no-cache", first.Headers.CacheControl?.ToString());
            etag = first.Headers.ETag!;
            Assert.False(first.Headers.Contains("Set-Cookie"), "a shared page sets no cookie");
            Assert.Contains(Online, html);
            Assert.DoesNotContain("Blazor-Server-Component-State", html);
            Assert.DoesNotContain("RequestVerificationToken", html);
            Assert.DoesNotContain("山田 花子", html);
            // As written in the HTML attribute (a '+' of the base64 nonce is encoded there).
            var nonce = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "<script type=\"importmap\" nonce=\"([^\"]+)\"").Groups[1].Value);
            Assert.NotEmpty(nonce);
            Assert.Contains($"'nonce-{nonce}'", string.Join(" ", first.Headers.GetValues("Content-Security-Policy")));

            // The next visitors get the stored page: same ETag, same bytes, the same policy (the nonce of that HTML).
            foreach (var client in new[] { visitor, otherVisitor })
            {
                var again = await client.GetAsync(url, ct);
                Assert.Equal(etag, again.Headers.ETag);
                Assert.Equal(html, await again.Content.ReadAsStringAsync(ct));
                var policy = string.Join(" | ", again.Headers.GetValues("Content-Security-Policy"));
                Assert.True(policy.Contains($"'nonce-{nonce}'", StringComparison.Ordinal), $"nonce {nonce} not in the stored page's policy: {policy}");
                Assert.False(again.Headers.Contains("Set-Cookie"), "a page from the cache sets no cookie");
            }
            using (var conditional = new HttpRequestMessage(HttpMethod.Get, url))
            {
                conditional.Headers.IfNoneMatch.Add(etag);
                Assert.Equal(HttpStatusCode.NotModified, (await visitor.SendAsync(conditional, ct)).StatusCode);
            }
            // Signed in again: still rendered for this user, not the stored page.
            var ownAgain = await signedIn.GetAsync(url, ct);
            Assert.Null(ownAgain.Headers.ETag);
        }
        finally
        {
            SetSetting("Publication:Enabled", "false");
        }
        // Switched off: 404 although the page is in the cache, with or without its ETag.
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(url, ct)).StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.SendAsync(stale, ct)).StatusCode);
    }

    [Fact]
    public async Task The_DX_team_drafts_a_post_naming_the_newly_online_procedure_and_saves_it_with_the_image()
    {
        await SeedAsync();
        var page = await app.SignInAsync(DemoSetup.DxTeamEmail);
        await page.ClickAsync("[data-testid=nav-admin] a[href='/share']");
        await page.WaitForSelectorAsync("[data-testid=share-draft]");
        // The current fiscal year: the seeded procedure went online in it.
        var yearLabel = FiscalYear.Of(DateTime.UtcNow).JapaneseLabel(new EraSettings());
        // The select itself (MudSelect shows its value either in its input or in a div over a hidden input).
        await page.ClickAsync(".mud-select:has([data-testid=share-period]) .mud-input-control");
        await page.ClickAsync($".mud-popover-open .mud-list-item:has-text('{yearLabel}')");
        await Assertions.Expect(page.Locator("[data-testid=share-image]")).ToHaveAttributeAsync("src", ShareEndpoints.ImageUrl(FiscalYear.Of(DateTime.UtcNow)));
        await page.ClickAsync("[data-testid=share-draft]");
        var text = page.Locator("textarea[data-testid=share-text], [data-testid=share-text] textarea");
        // The period's newly online procedures are listed (the seeded one among the demo's); the post names the newest and counts all.
        var listed = page.Locator("[data-testid=share-newly-online] li");
        await Assertions.Expect(page.Locator($"[data-testid=share-newly-online] li[data-name='{Online}']")).ToHaveCountAsync(1);
        await Assertions.Expect(text).Not.ToBeEmptyAsync();
        var drafted = await text.InputValueAsync();
        Assert.Contains((await listed.First.GetAttributeAsync("data-name"))!, drafted);
        Assert.Contains($"新たに{await listed.CountAsync()}件", drafted);
        var weight = int.Parse((await page.GetAttributeAsync("[data-testid=share-counter]", "data-weight"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(PostText.Weight(drafted), weight);
        Assert.True(weight <= 280);

        // The counter follows the typing; beyond the limit it says so.
        await text.FillAsync(drafted + new string('あ', 200));
        await Assertions.Expect(page.Locator("[data-testid=share-counter]")).ToHaveAttributeAsync("data-weight", (weight + 400).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await text.FillAsync(drafted + "です");
        await page.ClickAsync("[data-testid=share-save]");
        var row = page.Locator("[data-testid=share-draft-row]", new() { HasText = drafted + "です" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.Locator("[data-testid=share-mark-posted]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid=share-posted-on]")).ToContainTextAsync("山田 花子");

        // The image shown is the server's PNG.
        var size = await page.EvalOnSelectorAsync<int[]>("[data-testid=share-image]",
            "img => img.complete ? [img.naturalWidth, img.naturalHeight] : new Promise(r => img.onload = () => r([img.naturalWidth, img.naturalHeight]))");
        Assert.Equal([PostImage.Width, PostImage.Height], size);
        await page.ScreenshotAsync(new() { Path = Screens("share-1280.png"), FullPage = true });
        await page.Context.CloseAsync();

        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        var saved = await db.ShareDrafts.SingleAsync(d => d.Text == drafted + "です");
        Assert.Equal(("山田 花子", "山田 花子"), (saved.CreatedByName, saved.PostedByName));
        Assert.NotNull(saved.PostedOn);
    }

    [Theory]
    [InlineData(DemoSetup.ManagerEmail)]
    [InlineData(DemoSetup.HeadEmailExample)]
    public async Task Heads_and_managers_cannot_open_the_share_page_or_its_image(string email)
    {
        var page = await app.SignInAsync(email);
        Assert.Equal(0, await page.Locator("[data-testid=nav-admin] a[href='/share']").CountAsync());
        // A signed-in user of another role is told so (403, the forbidden page inside the app), not sent to sign in again.
        var refused = await page.GotoAsync("/share");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(page.Locator("[data-testid=forbidden-home]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=share-text]").CountAsync());
        var image = await page.Context.APIRequest.GetAsync(ShareEndpoints.ImagePath + "?fy=2025", new() { MaxRedirects = 0 });
        Assert.Equal(403, image.Status);
        Assert.NotEqual("image/png", image.Headers.GetValueOrDefault("content-type"));
        await page.Context.CloseAsync();
    }

    private static string Screens(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "dxtracker-screens");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    private int CurrentFiscalYear() => FiscalYear.Of(DateTime.UtcNow).Year;

    private static string XlsxText(byte[] bytes)
    {
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        return string.Join("\n", workbook.Worksheets.SelectMany(s => s.CellsUsed()).Select(c => c.GetString()));
    }

    /// <summary>Flips a setting in the running app (the switches are read live through IOptionsMonitor or IConfiguration).</summary>
    private void SetSetting(string key, string value)
    {
        app.Factory.Services.GetRequiredService<IConfiguration>()[key] = value;
        app.Factory.Services.GetRequiredService<IOptionsMonitorCache<PublicationOptions>>().TryRemove(Options.DefaultName);
    }

    private async Task<List<string>> UserNamesAsync()
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        return await db.Users.Select(u => u.DisplayName).ToListAsync();
    }

    private async Task SetVolumeAsync(long total)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var dx = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoSetup.DxTeamEmail);
        var service = scope.ServiceProvider.GetRequiredService<ProcedureService>();
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        var p = await db.Procedures.AsNoTracking().SingleAsync(x => x.Code == "E2E-PUB-1");
        await service.SetVolumeAsync(dx!.Id, p.Id, p.Version, FiscalYear.Of(DateTime.UtcNow).Year, total, 3000);
    }

    /// <summary>A department with a procedure online since last week (12,000 applications, 3,000 online this year), a
    /// withheld one, and one with an open objection. Idempotent: the tests share the app.</summary>
    private async Task SeedAsync()
    {
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        if (await db.Departments.AnyAsync(d => d.Code == "E2E-PUB"))
            return;
        var department = new Department { Code = "E2E-PUB", Name = "公表検証課", Division = new Division { Code = "E2E-PUB-DIV", Name = "公表検証部" } };
        db.Departments.Add(department);
        await db.SaveChangesAsync();
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var dxUser = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoSetup.DxTeamEmail);
        var dx = await Actors.LoadAsync(db, dxUser!.Id);
        var now = DateTime.UtcNow;
        var year = FiscalYear.Of(now).Year;
        // Online within this fiscal year (also in its first days), after the move into progress.
        var since = new DateTime(Math.Max(now.AddDays(-3).Ticks, FiscalYear.Of(now).StartUtc.AddMinutes(2).Ticks), DateTimeKind.Utc);
        var created = now.AddYears(-2);
        var online = Procedure.Create(department.Id, new ProcedureFields { Code = "E2E-PUB-1", Name = Online }, dx, created);
        online.SetVolume(year, 12_000, 3_000, dx, created);
        online.MoveTo(ProcedureStatus.InProgress, dx, now.AddDays(-30));
        online.MoveTo(ProcedureStatus.Digitized, dx, since, new MoveDetails(OnlineFormUrl: FormUrl));
        var hidden = Procedure.Create(department.Id, new ProcedureFields { Code = "E2E-PUB-2", Name = Hidden }, dx, created);
        hidden.MoveTo(ProcedureStatus.InProgress, dx, now.AddDays(-30));
        hidden.MoveTo(ProcedureStatus.Digitized, dx, since.AddMinutes(1), new MoveDetails(OnlineFormUrl: "https://form.example.jp/e2e-hidden"));
        hidden.WithholdFromPublication("所管課の依頼により見合わせ", dx, now);
        var objected = Procedure.Create(department.Id, new ProcedureFields { Code = "E2E-PUB-3", Name = "公表検証用の証明書交付" }, dx, created);
        objected.MoveTo(ProcedureStatus.ObjectionRaised, dx, now.AddDays(-10),
            new MoveDetails(Objection: new NewObjection(ObjectionCategory.PaperOriginals, ObjectionText)));
        db.Procedures.AddRange(online, hidden, objected);
        await db.SaveChangesAsync();
    }
}
