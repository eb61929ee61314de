using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DxTracker.Tests.Support;

public static class MudContext
{
    /// <summary>A bUnit context as MudBlazor components need it: loose JS interop, MudBlazor's services and localisation.</summary>
    public static BunitContext Create()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        return ctx;
    }
}
