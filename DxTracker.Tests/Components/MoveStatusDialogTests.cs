using Bunit;
using DxTracker.App.Features.Procedures;
using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Components;

/// <summary>The move dialog offers exactly the moves this user may make, and asks for exactly what the target needs.</summary>
public sealed class MoveStatusDialogTests : IAsyncLifetime
{
    private const int OwnDepartment = 1;
    private TestDatabase _database = default!;
    private readonly CultureScope _culture = new("ja-JP");

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _culture.Dispose();
    }

    private BunitContext NewContext()
    {
        var ctx = MudContext.Create();
        ctx.Services.AddLogging();
        ctx.Services.AddSingleton<IDbContextFactory<DxDbContext>>(_database);
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddScoped<ProcedureService>();
        ctx.Services.AddSingleton(_database.Audit(TimeProvider.System));
        return ctx;
    }

    private static async Task<IRenderedComponent<MudDialogProvider>> ShowAsync(BunitContext ctx, ProcedureStatus status, UserInfo user, int departmentId = OwnDepartment, bool hasOpenObjection = false, int procedureId = 1, int version = 0, ProcedureFields? fields = null)
    {
        ctx.Render<MudPopoverProvider>();
        var provider = ctx.Render<MudDialogProvider>();
        var parameters = new DialogParameters<MoveStatusDialog>
        {
            { d => d.ProcedureId, procedureId },
            { d => d.Version, version },
            { d => d.Status, status },
            { d => d.DepartmentId, departmentId },
            { d => d.User, user },
            { d => d.HasOpenObjection, hasOpenObjection },
            { d => d.Fields, fields ?? new ProcedureFields { Code = "P-1", Name = "転入届" } },
        };
        await provider.InvokeAsync(() => ctx.Services.GetRequiredService<IDialogService>().ShowAsync<MoveStatusDialog>("", parameters));
        provider.WaitForElement("[data-testid=move-dialog]");
        return provider;
    }

    private static UserInfo User(Role role, int? department = null) => new("u1", "テスト", role, department);

    private static string[] Offered(IRenderedComponent<MudDialogProvider> provider) =>
        provider.FindAll("[data-target]").Select(e => e.GetAttribute("data-target")!).ToArray();

    private static async Task ChooseAsync(IRenderedComponent<MudDialogProvider> provider, ProcedureStatus target) =>
        await provider.Find($"[data-target={target}]").ClickAsync(new());

    // Written out from docs/DOMAIN.md#status-workflow (Exempt, withdrawing and reopening are the DX team's).
    public static TheoryData<ProcedureStatus, Role, int?, string[]> Targets() => new()
    {
        { NotConsidered, Role.DepartmentHead, OwnDepartment, ["UnderReview", "ObjectionRaised", "InProgress"] },
        { UnderReview, Role.DepartmentHead, OwnDepartment, ["ObjectionRaised", "InProgress"] },
        { UnderReview, Role.DxTeam, null, ["ObjectionRaised", "InProgress", "Exempt"] },
        { ObjectionRaised, Role.DepartmentHead, OwnDepartment, ["UnderReview", "InProgress"] },
        { InProgress, Role.DepartmentHead, OwnDepartment, ["Digitized", "ObjectionRaised"] },
        { Digitized, Role.DepartmentHead, OwnDepartment, [] },
        { Digitized, Role.DxTeam, null, ["InProgress"] },
        { Exempt, Role.DxTeam, null, ["UnderReview"] },
        { InProgress, Role.DepartmentHead, 99, [] },
        { NotConsidered, Role.Manager, null, [] },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task MoveDialog_offers_exactly_the_allowed_targets(ProcedureStatus status, Role role, int? department, string[] expected)
    {
        await using var ctx = NewContext();
        var provider = await ShowAsync(ctx, status, User(role, department));
        Assert.Equal(expected, Offered(provider));
        Assert.Equal(expected.Length == 0, provider.FindAll("[data-testid=move-none]").Count == 1);
        // Nothing is chosen for the user: the submit waits for a choice.
        Assert.True(provider.Find("[data-testid=move-submit]").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData(Digitized, InProgress, "move-url")]
    [InlineData(ObjectionRaised, UnderReview, "move-category,move-description")]
    [InlineData(Exempt, UnderReview, "move-reason")]
    [InlineData(InProgress, UnderReview, "")]
    public async Task MoveDialog_asks_for_what_the_target_needs(ProcedureStatus target, ProcedureStatus from, string fields)
    {
        await using var ctx = NewContext();
        var provider = await ShowAsync(ctx, from, User(Role.DxTeam));
        Assert.Empty(provider.FindAll("[data-testid=move-comment]"));
        await ChooseAsync(provider, target);
        string[] specific = ["move-url", "move-category", "move-description", "move-reason"];
        var shown = specific.Where(id => provider.FindAll($"[data-testid={id}]").Count > 0).ToArray();
        Assert.Equal(fields.Split(',', StringSplitOptions.RemoveEmptyEntries), shown);
        Assert.NotEmpty(provider.FindAll("[data-testid=move-comment]"));
    }

    [Fact]
    public async Task MoveDialog_lets_a_further_objection_be_added_when_one_is_open()
    {
        await using var ctx = NewContext();
        var provider = await ShowAsync(ctx, InProgress, User(Role.DepartmentHead, OwnDepartment), hasOpenObjection: true);
        await ChooseAsync(provider, ObjectionRaised);
        Assert.Contains("未解決の課題がすでにあります", provider.Find("[data-testid=move-open-objection]").TextContent);
        Assert.NotEmpty(provider.FindAll("[data-testid=move-category]"));
    }

    [Fact]
    public async Task MoveDialog_shows_the_domains_refusal_and_keeps_the_input()
    {
        // The UI still believes the head heads department A (stale claims); the database says B: the service refuses.
        var departments = await _database.AddDepartmentsAsync("A", "B");
        var dx = await _database.AddUserAsync(Role.DxTeam);
        var head = await _database.AddUserAsync(Role.DepartmentHead, departments[1].Id);
        int id, version;
        await using (var db = _database.CreateDbContext())
        {
            var p = Procedure.Create(departments[0].Id, new ProcedureFields { Code = "P-1", Name = "転入届" }, dx, DateTime.UtcNow);
            db.Procedures.Add(p);
            await db.SaveChangesAsync();
            (id, version) = (p.Id, p.Version);
        }
        await using var ctx = NewContext();
        var provider = await ShowAsync(ctx, NotConsidered, new UserInfo(head.UserId, head.DisplayName, Role.DepartmentHead, departments[0].Id), departments[0].Id, procedureId: id, version: version);
        await ChooseAsync(provider, UnderReview);
        await provider.Find("[data-testid=move-comment] textarea, textarea[data-testid=move-comment]").ChangeAsync(new() { Value = "検討を始めます" });
        await provider.Find("[data-testid=move-submit]").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Contains("他の課の手続は変更できません", provider.Find("[data-testid=move-error]").TextContent));
        Assert.Equal("検討を始めます", provider.Find("[data-testid=move-comment] textarea, textarea[data-testid=move-comment]").GetAttribute("value"));
        await using var check = _database.CreateDbContext();
        Assert.Equal(NotConsidered, await check.Procedures.Where(p => p.Id == id).Select(p => p.Status).SingleAsync());
    }

    [Fact]
    public async Task MoveDialog_re_assesses_telework_when_going_online_starting_from_the_stored_answer()
    {
        var departments = await _database.AddDepartmentsAsync("A");
        var dx = await _database.AddUserAsync(Role.DxTeam);
        Procedure p;
        await using (var db = _database.CreateDbContext())
        {
            p = Procedure.Create(departments[0].Id, new ProcedureFields
            {
                Code = "P-1", Name = "転入届", OnlineFormUrl = "https://example.jp/f",
                Telework = Telework.NotPossible, TeleworkBarriers = TeleworkBarriers.CounterWork | TeleworkBarriers.PaperOriginals,
            }, dx, DateTime.UtcNow);
            p.MoveTo(InProgress, dx, DateTime.UtcNow);
            db.Procedures.Add(p);
            await db.SaveChangesAsync();
        }
        await using var ctx = NewContext();
        var provider = await ShowAsync(ctx, InProgress, new UserInfo(dx.UserId, dx.DisplayName, Role.DxTeam, null), departments[0].Id, procedureId: p.Id, version: p.Version, fields: p.Fields);
        Assert.Empty(provider.FindAll("[data-testid=move-telework]"));

        await ChooseAsync(provider, Digitized);
        static string Box(TeleworkBarriers b) => $"[data-testid=telework-reason-{b}] input, input[data-testid=telework-reason-{b}]";
        Assert.True(provider.Find(Box(TeleworkBarriers.CounterWork)).HasAttribute("checked"));
        Assert.False(provider.Find(Box(TeleworkBarriers.LgwanOnly)).HasAttribute("checked"));
        // Online, the counter work is gone from the back office; the paper originals stay.
        await provider.Find(Box(TeleworkBarriers.CounterWork)).ChangeAsync(new() { Value = false });
        await provider.Find("[data-testid=move-submit]").ClickAsync(new());

        await using var check = _database.CreateDbContext();
        await Waiting.UntilAsync("the procedure to be saved as 電子化済", TimeSpan.FromSeconds(10),
            async () => await check.Procedures.AsNoTracking().AnyAsync(x => x.Id == p.Id && x.Status == Digitized));
        var saved = await check.Procedures.AsNoTracking().SingleAsync(x => x.Id == p.Id);
        Assert.Equal((Telework.NotPossible, TeleworkBarriers.PaperOriginals), (saved.Telework, saved.TeleworkBarriers));
    }
}
