using System.Security.Claims;
using Bunit;
using DxTracker.App.Features.Admin;
using DxTracker.App.Hosting;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DxTracker.Tests.Components;

public sealed class OrganisationUnitDialogTests
{
    [Fact]
    public async Task OrganisationUnitDialog_with_a_duplicate_code_shows_the_message_and_keeps_the_input()
    {
        using var _ = new CultureScope("ja-JP");
        await using var database = await TestDatabase.CreateAsync();
        var dx = await database.AddUserAsync(Role.DxTeam);
        await using (var db = database.CreateDbContext())
        {
            db.Divisions.Add(new Division { Code = "B01", Name = "区民部" });
            await db.SaveChangesAsync();
        }
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        ctx.Services.AddAdminOn(database);
        ctx.Services.AddScoped<CurrentUser>();
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized("dx");
        auth.SetRoles(nameof(Role.DxTeam));
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, dx.UserId));
        ctx.Render<MudPopoverProvider>();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<OrganisationUnitDialog>("部を追加"));

        // Empty: the form's own messages, nothing sent to the service.
        await provider.Find("[data-testid=unit-save]").ClickAsync(new());
        await provider.WaitForAssertionAsync(() => Assert.Contains("入力してください。", provider.Markup));
        Assert.Empty(provider.FindAll("[data-testid=unit-error]"));

        await provider.Find("[data-testid=unit-code] input, input[data-testid=unit-code]").InputAsync(new() { Value = "B01" });
        await provider.Find("[data-testid=unit-name] input, input[data-testid=unit-name]").InputAsync(new() { Value = "福祉部" });
        await provider.Find("[data-testid=unit-save]").ClickAsync(new());

        await provider.WaitForAssertionAsync(() =>
            Assert.Equal("部コード「B01」はすでに使われています。別のコードを入力してください。", provider.Find("[data-testid=unit-error]").TextContent.Trim()));
        Assert.Equal("B01", provider.Find("[data-testid=unit-code] input, input[data-testid=unit-code]").GetAttribute("value"));
        Assert.Equal("福祉部", provider.Find("[data-testid=unit-name] input, input[data-testid=unit-name]").GetAttribute("value"));
        await using var check = database.CreateDbContext();
        Assert.Equal(["区民部"], await check.Divisions.Select(d => d.Name).ToListAsync());
    }
}
