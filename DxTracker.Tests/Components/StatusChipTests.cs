using Bunit;
using DxTracker.App.Components.Shared;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DxTracker.Tests.Components;

public sealed class StatusChipTests
{
    [Theory]
    [InlineData(ProcedureStatus.Digitized, "電子化済", "mud-chip-color-success")]
    [InlineData(ProcedureStatus.ObjectionRaised, "課題あり", "mud-chip-color-warning")]
    [InlineData(ProcedureStatus.NotConsidered, "未検討", "mud-chip-color-default")]
    public async Task StatusChip_shows_the_Japanese_status_in_its_colour(ProcedureStatus status, string label, string colourClass)
    {
        using var _ = new CultureScope("ja-JP");
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Render<MudPopoverProvider>();
        var chip = ctx.Render<StatusChip>(p => p.Add(c => c.Status, status));
        var root = chip.Find(".mud-chip");
        Assert.Equal(label, root.TextContent.Trim());
        Assert.Contains(colourClass, root.ClassList);
        Assert.Equal(status.ToString(), root.GetAttribute("data-status"));
    }
}
