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
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DxTracker.Tests.EndToEnd;

/// <summary>axe-core (WCAG 2.0/2.1 A and AA rules) on every page of the app, found from the <c>@page</c> routes of the App
/// assembly, for each role that may see it, so a page added later is checked too (or the test fails saying which route it
/// could not visit). Every page is checked once per role at 1280 px in Japanese; the representative pages in
/// <see cref="FullMatrix"/> are also checked at 390 px and in English. One signed-in browser context per role.
/// Accessibility does not depend on the database provider: this runs in the SQLite pass only (CI time).</summary>
[Collection(AppCollection.Name)]
[Trait("Database", "Sqlite")]
public sealed class AccessibilityTests(AppFixture app)
{
    /// <summary>The rules of WCAG 2.0 and 2.1, levels A and AA (JIS X 8341-3:2016 level AA is WCAG 2.0 AA).</summary>
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>The pages checked at both widths and in both languages: the densest screens of each kind — the home
    /// dashboard (cards, chips, lists), the inventory (data grid, filters, status chips), a procedure (form, history,
    /// objections), the progress board (chart, table, year select), the hearing form (DX team only), the sign-in page and
    /// the public board (static layouts). Every other page is checked at 1280 px in Japanese.</summary>
    private static readonly string[] FullMatrix = ["/", "/procedures", "/procedures/{Id:int}", "/board", "/hearings/new", "/account/login", "/public"];

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

    public static TheoryData<string> Roles => ["Anonymous", nameof(Role.DxTeam), nameof(Role.Manager), nameof(Role.DepartmentHead)];

    private sealed record PageRoute(string Template, Type Component)
    {
        public bool IsStatic => Component.GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>() is not null;

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

    [Fact]
    public void Routes_are_discovered_and_every_parameter_has_a_sample()
    {
        var routes = AppRoutes();
        Assert.Contains(routes, r => r.Template == "/procedures/{Id:int}");
        Assert.Contains(routes, r => r.Template == "/account/login");
        Assert.True(routes.Count >= 20, $"only {routes.Count} routes found");
        var missing = routes.Where(r => r.Template.Contains('{') && !RouteSamples.ContainsKey(r.Template)).Select(r => r.Template).ToList();
        Assert.True(missing.Count == 0, "No sample parameters for " + string.Join(", ", missing) + ": add them to AccessibilityTests.RouteSamples.");
        Assert.All(FullMatrix, t => Assert.Contains(routes, r => r.Template == t));
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_page_the_role_sees_has_no_WCAG_A_or_AA_violation(string roleName)
    {
        Role? role = roleName == "Anonymous" ? null : Enum.Parse<Role>(roleName);
        var sample = await SampleAsync();
        var routes = AppRoutes().Where(r => r.IsVisibleTo(role)).ToList();
        Assert.NotEmpty(routes);

        using var publicBoard = app.PublicBoardOn();
        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseAddress.ToString(),
            Locale = "ja-JP",
            ViewportSize = new() { Width = 1280, Height = 900 },
            // axe is injected as a script, which the app's CSP forbids.
            BypassCSP = true,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        if (role is { } r)
            await AppFixture.SignInAsync(page, r switch
            {
                Role.DxTeam => DemoSetup.DxTeamEmail,
                Role.Manager => DemoSetup.ManagerEmail,
                _ => DemoSetup.HeadEmailExample,
            });

        var report = new List<PageReport>();
        var unreachable = new List<string>();
        foreach (var (culture, width) in new[] { ("ja-JP", 1280), ("ja-JP", 390), ("en-US", 1280), ("en-US", 390) })
        {
            await SetCultureAsync(page, culture);
            await page.SetViewportSizeAsync(width, 900);
            var full = culture == "ja-JP" && width == 1280;
            foreach (var route in routes.Where(r => full || FullMatrix.Contains(r.Template)))
            {
                var url = Url(route.Template, sample);
                var problem = await VisitAsync(page, route, url);
                if (problem is not null)
                {
                    unreachable.Add($"{url} as {roleName} ({culture}, {width}px): {problem}");
                    continue;
                }
                var result = await page.RunAxe(new AxeRunOptions
                {
                    RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
                    ResultTypes = [ResultType.Violations],
                });
                var lang = await page.EvaluateAsync<string>("document.documentElement.lang");
                var title = await page.TitleAsync();
                report.Add(new PageReport(route.Template, culture, width, title, lang, result.Violations));
            }
        }
        await context.CloseAsync();

        TestContext.Current.TestOutputHelper?.WriteLine(Summary(roleName, report));
        Assert.True(unreachable.Count == 0, "Pages that could not be visited (a route the test cannot check is a failure, not a skip):\n" + string.Join("\n", unreachable));
        var wrongLang = report.Where(p => p.Lang != p.Culture[..2]).Select(p => $"{p.Template} ({p.Culture}, {p.Width}px): lang=\"{p.Lang}\"").ToList();
        Assert.True(wrongLang.Count == 0, "The document language does not follow the UI culture:\n" + string.Join("\n", wrongLang));
        var duplicateTitles = report.Where(p => p.Culture == "ja-JP" && p.Width == 1280).GroupBy(p => p.Title).Where(g => g.Count() > 1)
            .Select(g => $"\"{g.Key}\": {string.Join(", ", g.Select(p => p.Template))}").ToList();
        Assert.True(duplicateTitles.Count == 0, "Page titles are not unique:\n" + string.Join("\n", duplicateTitles));
        Assert.True(report.All(p => p.Violations.Length == 0), Details(roleName, report));
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
        // The status pages (/status/404, /status/403) answer with their own code.
        var expected = url.StartsWith("/status/", StringComparison.Ordinal) ? int.Parse(url["/status/".Length..]) : 200;
        if (response is null || response.Status != expected)
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

    private static async Task SetCultureAsync(IPage page, string culture)
    {
        var response = await page.GotoAsync($"/culture?c={culture}&redirect=/about");
        Assert.True(response?.Ok, $"switching the culture to {culture} failed: HTTP {response?.Status}");
    }

    private async Task<Sample> SampleAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var head = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoSetup.HeadEmailExample);
        var departmentId = head!.DepartmentId!.Value;
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DxDbContext>>().CreateDbContextAsync();
        // The richest examples: the procedure with the longest history, a hearing with items.
        var procedureId = await db.Procedures.Where(p => p.DepartmentId == departmentId)
            .OrderByDescending(p => db.StatusChanges.Count(s => s.ProcedureId == p.Id)).ThenBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var hearingId = await db.HearingSessions.Where(h => h.DepartmentId == departmentId)
            .OrderByDescending(h => h.Items.Count).ThenBy(h => h.Id).Select(h => h.Id).FirstAsync();
        return new Sample(departmentId, procedureId, hearingId);
    }
}
