using System.Reflection;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

/// <summary>axe-core (WCAG 2.0/2.1 A and AA rules) on every page of the app, found from the <c>@page</c> routes of the App
/// assembly, for each role that may see it, so a page added later is checked too (or the test fails saying which route it
/// could not visit).
/// <para>What is checked (CI time: the whole suite on both databases stays within 20 minutes on 2 cores):</para>
/// <list type="bullet">
/// <item>Every page once, at 1280 px in Japanese: by visitors when it looks the same for everyone (sign-in, the public
/// pages, the statement, 403 — pages in a layout of their own), otherwise by the DX team, who may open every page of the
/// app (<see cref="OnceBy"/>).</item>
/// <item>The full matrix — every role that may see the page × 1280 and 390 px × Japanese and English — on the
/// representative pages of <see cref="FullMatrix"/>: the inventory (/procedures: filters, data grid, status chips, all
/// depending on the role) and the public board (/public, visitors: it is the same for everyone).</item>
/// <item>Every view and every role, though not every combination of the two, on <see cref="Pairwise"/>: home (/) and the
/// progress board (/board) — each in each of the four views, and by each role that may see it at least once.</item>
/// </list>
/// <para>One test case per role, language, width and at most <see cref="PagesPerCase"/> pages (a browser context each,
/// signed in from the role's stored cookies and with the culture's cookie set, in the app process and browser of
/// <see cref="AccessibilityFixture"/>, which run beside the other end-to-end tests), so that no case nears the runner's
/// 5-minute hang limit on a loaded machine. Accessibility does not depend on the database provider: this runs in the SQLite
/// pass only. (The whole matrix on four pages took 11 of the SQLite pass's 17 minutes.)</para></summary>
[Collection(AccessibilityCollection.Name)]
[Trait("Database", "Sqlite")]
public sealed class AccessibilityTests(AccessibilityFixture app)
{
    /// <summary>The rules of WCAG 2.0 and 2.1, levels A and AA (JIS X 8341-3:2016 level AA is WCAG 2.0 AA).</summary>
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>The pages checked by every role, at both widths and in both languages: the screen whose content depends
    /// most on the role and the width — the inventory (data grid, filters, status chips) — and the public board (static
    /// layout, visitors only).</summary>
    private static readonly string[] FullMatrix = ["/procedures", "/public"];

    /// <summary>Pages checked in every view and by every role that may see them, one role per view: in the k-th view of
    /// <see cref="Views"/>, the page at index i is checked by the ((k + i) mod n)-th of its n roles — the home dashboard
    /// (cards, chips, lists per role) and the progress board (chart, tables, year select).</summary>
    private static readonly string[] Pairwise = ["/", "/board"];

    private const int PagesPerCase = 8;

    private static readonly (string Culture, int Width)[] Views = [("ja-JP", 1280), ("ja-JP", 390), ("en-US", 1280), ("en-US", 390)];

    private sealed record Sample(int DepartmentId, int ProcedureId, int HearingId);

    /// <summary>A value for each route parameter, from the demo department of <see cref="DemoSetup.HeadEmailExample"/> so
    /// that its head may see them too. A new route with a parameter must get a line here, or the test fails naming it.</summary>
    private static readonly Dictionary<string, Func<Sample, object>> RouteSamples = new()
    {
        ["/procedures/{Id:int}"] = s => s.ProcedureId,
        ["/departments/{Id:int}"] = s => s.DepartmentId,
        ["/hearings/{Id:int}"] = s => s.HearingId,
        ["/status/{Code:int}"] = _ => 404,
    };

    private static readonly string[] RoleNames = ["Anonymous", nameof(Role.DxTeam), nameof(Role.Manager), nameof(Role.DepartmentHead)];

    private sealed record PageRoute(string Template, Type Component)
    {
        public bool IsStatic => Component.GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>() is not null;

        /// <summary>A page in a layout of its own (not the app's MainLayout with its role-dependent navigation), or the
        /// static 403 page: the same for everyone, checked signed out only.</summary>
        public bool IsSameForEveryone =>
            Component.GetCustomAttribute<LayoutAttribute>() is { } layout && layout.LayoutType != typeof(DxTracker.App.Components.Layout.MainLayout)
            || IsStatic && Component.GetCustomAttribute<AllowAnonymousAttribute>() is not null;

        public bool IsVisibleTo(Role? role)
        {
            if (Component.GetCustomAttribute<AllowAnonymousAttribute>() is not null)
                return true;
            var rules = Component.GetCustomAttributes<AuthorizeAttribute>(inherit: true).ToList();
            if (rules.Count == 0)
                return true;
            return role is { } r && rules.All(a => a.Roles is null || a.Roles.Split(',').Select(x => x.Trim()).Contains(r.ToString()));
        }
    }

    private static IReadOnlyList<PageRoute> AppRoutes() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => new PageRoute(r.Template, t)))
            .OrderBy(r => r.Template, StringComparer.Ordinal)
            .ToList();

    private static Role? RoleOf(string roleName) => roleName == "Anonymous" ? null : Enum.Parse<Role>(roleName);

    /// <summary>The pages one role checks in one view: the full-matrix pages it sees, the pairwise pages that fall to it in
    /// this view, and at 1280 px in Japanese also the pages it checks once (<see cref="OnceBy"/>).</summary>
    private static List<PageRoute> PagesFor(string roleName, string culture, int width)
    {
        var role = RoleOf(roleName);
        var view = Array.IndexOf(Views, (culture, width));
        return AppRoutes().Where(r => r.IsVisibleTo(role) && (
            FullMatrix.Contains(r.Template) ? !r.IsSameForEveryone || role is null
            : Pairwise.Contains(r.Template) ? PairwiseRole(r, view) == role
            : view == 0 && OnceBy(r) == role)).ToList();
    }

    /// <summary>The role that checks a pairwise page in the view at index <paramref name="view"/> of <see cref="Views"/>.</summary>
    private static Role? PairwiseRole(PageRoute route, int view)
    {
        var roles = RoleNames.Select(RoleOf).Where(r => r is not null && route.IsVisibleTo(r)).ToList();
        return roles[(view + Array.IndexOf(Pairwise, route.Template)) % roles.Count];
    }

    /// <summary>Who checks a page outside the full matrix: visitors when it is the same for everyone and open to them, else
    /// the DX team.</summary>
    private static Role? OnceBy(PageRoute route) => route.IsSameForEveryone && route.IsVisibleTo(null) ? null : Role.DxTeam;

    /// <summary>Role × language × width × part (at most <see cref="PagesPerCase"/> pages each).</summary>
    public static TheoryData<string, string, int, int> Cases()
    {
        var cases = new TheoryData<string, string, int, int>();
        foreach (var role in RoleNames)
            foreach (var (culture, width) in Views)
                for (var part = 0; part * PagesPerCase < PagesFor(role, culture, width).Count; part++)
                    cases.Add(role, culture, width, part);
        return cases;
    }

    [Fact]
    public void Routes_are_discovered_and_every_parameter_has_a_sample()
    {
        var routes = AppRoutes();
        Assert.Contains(routes, r => r.Template == "/procedures/{Id:int}");
        Assert.Contains(routes, r => r.Template == "/account/login");
        Assert.True(routes.Count >= 20, $"only {routes.Count} routes found");
        var missing = routes.Where(r => r.Template.Contains('{') && !RouteSamples.ContainsKey(r.Template)).Select(r => r.Template).ToList();
        Assert.True(missing.Count == 0, "No sample parameters for " + string.Join(", ", missing) + ": add them to AccessibilityTests.RouteSamples.");
        Assert.All(FullMatrix.Concat(Pairwise), t => Assert.Contains(routes, r => r.Template == t));
        // Every page is checked by some role; every full-matrix and pairwise page in every view; every pairwise page by each
        // role that may see it.
        var checkedPages = RoleNames.SelectMany(role => PagesFor(role, "ja-JP", 1280)).Select(r => r.Template).ToHashSet();
        var notChecked = routes.Select(r => r.Template).Where(t => !checkedPages.Contains(t)).ToList();
        Assert.True(notChecked.Count == 0, "Pages no role checks: " + string.Join(", ", notChecked));
        foreach (var (culture, width) in Views)
        {
            var inView = RoleNames.SelectMany(role => PagesFor(role, culture, width)).Select(r => r.Template).ToHashSet();
            var missed = FullMatrix.Concat(Pairwise).Where(t => !inView.Contains(t)).ToList();
            Assert.True(missed.Count == 0, $"Full-matrix or pairwise pages not checked at {culture} {width}px: " + string.Join(", ", missed));
        }
        foreach (var route in routes.Where(r => Pairwise.Contains(r.Template)))
            foreach (var role in RoleNames.Where(role => route.IsVisibleTo(RoleOf(role))))
                Assert.True(Views.Any(v => PagesFor(role, v.Culture, v.Width).Contains(route)), $"{route.Template} is never checked by {role}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_pages_a_role_sees_have_no_WCAG_A_or_AA_violation(string roleName, string culture, int width, int part)
    {
        var role = RoleOf(roleName);
        var sample = await SampleAsync();
        var all = PagesFor(roleName, culture, width);
        var routes = all.Skip(part * PagesPerCase).Take(PagesPerCase).ToList();
        Assert.NotEmpty(routes);

        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseAddress.ToString(),
            Locale = "ja-JP",
            ViewportSize = new() { Width = width, Height = 900 },
            // axe is injected as a script, which the app's CSP forbids.
            BypassCSP = true,
            // Signed in once per role for all its cases (the sign-in itself is checked by SignInTests).
            StorageState = role is { } r ? await app.SignedInStateAsync(r switch
            {
                Role.DxTeam => DemoSetup.DxTeamEmail,
                Role.Manager => DemoSetup.ManagerEmail,
                _ => DemoSetup.HeadEmailExample,
            }) : null,
        });
        context.SetDefaultTimeout(30_000);
        // The cookie the language switch (/culture) sets.
        await context.AddCookiesAsync([new Cookie
        {
            Name = CookieRequestCultureProvider.DefaultCookieName,
            Value = Uri.EscapeDataString(CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture))),
            Url = app.BaseAddress.ToString(),
        }]);
        var page = await context.NewPageAsync();

        var report = new List<PageReport>();
        var unreachable = new List<string>();
        foreach (var route in routes)
        {
            var url = Url(route.Template, sample);
            var problem = await VisitAsync(page, route, url);
            if (problem is not null)
            {
                unreachable.Add($"{url} as {roleName} ({culture}, {width}px): {problem}");
                continue;
            }
            Assert.True(page.Frames.Count == 1, $"{url} has frames: axe would have to run in each (see {nameof(ViolationsAsync)})");
            var violations = await ViolationsAsync(page);
            var lang = await page.EvaluateAsync<string>("document.documentElement.lang");
            var title = await page.TitleAsync();
            report.Add(new PageReport(route.Template, culture, width, title, lang, violations));
        }
        await context.CloseAsync();

        TestContext.Current.TestOutputHelper?.WriteLine(Summary($"{roleName} {culture} {width}px part {part + 1}", report));
        Assert.True(unreachable.Count == 0, "Pages that could not be visited (a route the test cannot check is a failure, not a skip):\n" + string.Join("\n", unreachable));
        var wrongLang = report.Where(p => p.Lang != p.Culture[..2]).Select(p => $"{p.Template} ({p.Culture}, {p.Width}px): lang=\"{p.Lang}\"").ToList();
        Assert.True(wrongLang.Count == 0, "The document language does not follow the UI culture:\n" + string.Join("\n", wrongLang));
        Assert.True(report.All(p => p.Violations.Length == 0), Details(roleName, report));
    }

    /// <summary>axe's WCAG A/AA rules on the page as it is, in one run in the page itself. The library's default run is built
    /// for cross-origin frames: it runs axe in each frame and combines the parts in a new blank page, injecting axe's 550 KB
    /// twice — about a second a page, a third of this class's time. The app's pages have no frames (each check asserts it).</summary>
    private static async Task<AxeResultItem[]> ViolationsAsync(IPage page)
    {
#pragma warning disable CS0618 // "Legacy" is axe's single-run mode, which the library keeps for pages without frames.
        var result = await page.RunAxeLegacy(options: new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
            ResultTypes = [ResultType.Violations],
            Iframes = false,
        });
#pragma warning restore CS0618
        return result.Violations;
    }

    /// <summary>The run the pages get finds what it should: a page with an unlabelled field, an image without a text, a
    /// low-contrast text and no language has exactly those violations.</summary>
    [Fact]
    public async Task The_axe_run_finds_violations_on_a_page_that_has_them()
    {
        var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <!DOCTYPE html><html><head><title>t</title></head><body><main><h1>見出し</h1>
            <input type="text"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#bbb;background:#fff">薄い文字</p>
            </main></body></html>
            """);
        var found = (await ViolationsAsync(page)).Select(v => v.Id).Order().ToList();
        await context.CloseAsync();
        Assert.Equal(["color-contrast", "html-has-lang", "image-alt", "label"], found);
    }

    /// <summary>One title per page (2.4.2): the routes of one component (/not-found and /status/{Code}) are one page. Read
    /// from the server-rendered &lt;title&gt; of each page a visitor or a DX team member (who sees them all) is sent,
    /// without starting a circuit.</summary>
    [Fact]
    public async Task Every_page_has_a_title_of_its_own()
    {
        var sample = await SampleAsync();
        var titles = new List<(string Title, PageRoute Route)>();
        foreach (var roleName in new[] { "Anonymous", nameof(Role.DxTeam) })
        {
            var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), Locale = "ja-JP" });
            var page = await context.NewPageAsync();
            if (RoleOf(roleName) is not null)
                await AppFixture.SignInAsync(page, DemoSetup.DxTeamEmail);
            foreach (var route in PagesFor(roleName, "ja-JP", 1280))
            {
                var response = await page.Context.APIRequest.GetAsync(Url(route.Template, sample), new() { MaxRedirects = 0 });
                Assert.True(response.Status == 200, $"{route.Template} as {roleName}: HTTP {response.Status}");
                var title = System.Text.RegularExpressions.Regex.Match(await response.TextAsync(), "<title>([^<]*)</title>");
                Assert.True(title.Success, $"{route.Template} as {roleName} has no <title>");
                titles.Add((System.Net.WebUtility.HtmlDecode(title.Groups[1].Value), route));
            }
            await page.Context.CloseAsync();
        }
        var duplicateTitles = titles.GroupBy(t => t.Title).Where(g => g.Select(t => t.Route.Component).Distinct().Count() > 1)
            .Select(g => $"\"{g.Key}\": {string.Join(", ", g.Select(t => t.Route.Template))}").ToList();
        Assert.True(duplicateTitles.Count == 0, "Page titles are not unique:\n" + string.Join("\n", duplicateTitles));
        Assert.True(titles.All(t => t.Title.Length > 0), "An empty title: " + string.Join(", ", titles.Where(t => t.Title.Length == 0).Select(t => t.Route.Template)));
    }

    private sealed record PageReport(string Template, string Culture, int Width, string Title, string Lang, AxeResultItem[] Violations)
    {
        public int Nodes => Violations.Sum(v => v.Nodes.Length);
    }

    private static string Summary(string role, List<PageReport> report)
    {
        var text = new StringBuilder($"axe WCAG 2.1 A/AA, {role}: {report.Count} page checks, {report.Sum(p => p.Nodes)} nodes in violation\n");
        foreach (var p in report)
            text.AppendLine($"  {p.Template} {p.Culture} {p.Width}px: {p.Nodes}" + (p.Nodes == 0 ? "" : " (" + string.Join(", ", p.Violations.Select(v => $"{v.Id} {v.Nodes.Length}")) + ")"));
        return text.ToString();
    }

    private static string Details(string role, List<PageReport> report)
    {
        var text = new StringBuilder(Summary(role, report));
        foreach (var p in report.Where(p => p.Violations.Length > 0))
        {
            text.AppendLine($"{p.Template} ({p.Culture}, {p.Width}px):");
            foreach (var v in p.Violations)
                foreach (var node in v.Nodes.Take(8))
                    text.AppendLine($"  {v.Id} at {node.Target}: {string.Join("; ", node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message))} — {Shorten(node.Html)}");
        }
        return text.ToString();
    }

    private static string Shorten(string html) => html.Length <= 200 ? html : html[..200] + "…";

    private static string Url(string template, Sample sample) =>
        RouteSamples.TryGetValue(template, out var value)
            ? System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", value(sample).ToString()!)
            : template;

    /// <summary>Loads a page and waits until it is interactive (or, for a static page, loaded); says why when it is not the page asked for.</summary>
    private static async Task<string?> VisitAsync(IPage page, PageRoute route, string url)
    {
        var response = await page.GotoAsync(url);
        // Every route visited directly answers 200, the status pages (/status/404, /status/403) too: they carry their own
        // code only when the pipeline re-executes them for a refused or unknown address.
        if (response is null || response.Status != 200)
            return $"HTTP {response?.Status}";
        var path = new Uri(page.Url).AbsolutePath;
        if (!string.Equals(path, url, StringComparison.OrdinalIgnoreCase))
            return $"redirected to {path}";
        if (!route.IsStatic)
        {
            try
            {
                await page.WaitForInteractiveAsync();
            }
            catch (TimeoutException)
            {
                return "the circuit did not become interactive within 30 s";
            }
        }
        if (route.Component != typeof(DxTracker.App.Components.Pages.NotFound) && await page.Locator("[data-page=not-found]").CountAsync() > 0)
            return "the page shows 'not found'";
        // Nothing still loading or animating: axe judges contrast on what is painted.
        await page.WaitForFunctionAsync("() => !document.querySelector('.mud-progress-linear-indeterminate, .mud-progress-indeterminate, .mud-skeleton')",
            null, new() { Timeout = 30_000 });
        return null;
    }

    private async Task<Sample> SampleAsync()
    {
        await using var db = app.CreateDbContext();
        var departmentId = await db.Users.Where(u => u.Email == DemoSetup.HeadEmailExample).Select(u => u.DepartmentId!.Value).SingleAsync();
        // The richest examples: the procedure with the longest history, a hearing with items.
        var procedureId = await db.Procedures.Where(p => p.DepartmentId == departmentId)
            .OrderByDescending(p => db.StatusChanges.Count(s => s.ProcedureId == p.Id)).ThenBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var hearingId = await db.HearingSessions.Where(h => h.DepartmentId == departmentId)
            .OrderByDescending(h => h.Items.Count).ThenBy(h => h.Id).Select(h => h.Id).FirstAsync();
        return new Sample(departmentId, procedureId, hearingId);
    }
}
