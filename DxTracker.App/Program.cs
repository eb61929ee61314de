using DxTracker.App.Account;
using DxTracker.App.Components;
using DxTracker.App.Features.Board;
using DxTracker.App.Features.Publication;
using DxTracker.App.Features.Share;
using DxTracker.App.Hosting;
using MudBlazor.Services;

if (args is ["bench", .. var benchArgs])
    return await DxTracker.App.Bench.BenchCommand.RunAsync(benchArgs, Console.Out);

var builder = WebApplication.CreateBuilder(CommandLine.SettingsOf(args));

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
// Toasts sit bottom-left, where no page has its actions (they are at the top and on the right), and are short-lived;
// app.css lets clicks pass through them and keeps room below the page's last row.
builder.Services.AddMudServices(c =>
{
    c.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft;
    c.SnackbarConfiguration.VisibleStateDuration = 4000;
    c.SnackbarConfiguration.ShowTransitionDuration = 200;
    c.SnackbarConfiguration.HideTransitionDuration = 300;
});
builder.Services.AddDxLocalization();
builder.Services.AddDxData(builder.Configuration, builder.Environment);
builder.Services.AddDxIdentity(builder.Environment);
builder.Services.AddDxAdmin();
builder.Services.AddDxHearings();
builder.Services.AddDxReminders(builder.Configuration, builder.Environment);
builder.Services.AddDxBoard();
builder.Services.AddDxPublication();
builder.Services.AddDxHome();
builder.Services.AddDxSecurity(builder.Configuration, builder.Environment);
builder.Services.AddDxHealth();
builder.Services.AddDxExcel();
builder.Services.AddDxNational(builder.Configuration);

var app = builder.Build();
CommitHold.Announce(app.Services);

if (args is ["create-admin", ..])
    return await AdminCommand.RunAsync(app, args);
if (args is ["backup" or "restore", ..])
    return await BackupCommand.RunAsync(app, args);
if (args is ["seed", ..])
    return await SeedCommand.RunAsync(app, args);
if (args is ["import" or "import-organisation", ..])
    return await ImportCommand.RunAsync(app, args);

using var dataFolderLock = DataFolderLock.Acquire(app);
try
{
    await app.Services.InitialiseDatabaseAsync();
}
catch (SchemaUpgradeException e)
{
    app.Logger.LogCritical(e, "{Message}", e.Message);
    // The console logger writes from a background queue: disposing the app flushes it, so the line that says why the app
    // stopped is not lost when the process exits.
    await app.DisposeAsync();
    return 1;
}

// First: everything after it (HTTPS, the sign-in limit, the audit log) sees the client behind a known proxy (SecuritySetup).
app.UseForwardedHeaders();
app.UseCompressedPackageAssets();
app.UseRouting();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
// 403 → the forbidden page (Pages/Forbidden.razor), any other status without a body → the not-found page.
app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
app.UseRequestLocalization();
app.UseDxSecurity();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
PublicCache.UseIn(app);

app.MapStaticAssets();
// The framework's own "frame-ancestors 'self'" policy is turned off: every response carries one policy, ours
// (SecuritySetup.ContentSecurityPolicy, which forbids any framing).
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null).Add(PublicCache.StaticOnly);
if (PublicCache.StaticPagesProblem is { } publicCacheProblem)
    app.Logger.LogWarning("{Problem}", publicCacheProblem);
app.MapCultureEndpoint();
app.MapAccountEndpoints();
app.MapDxReminders();
app.MapPublicBoardEndpoints();
app.MapPublicationEndpoints();
app.MapShareEndpoints();
app.MapDxHealth();
app.MapDxExcel();
app.MapBenchEndpoints();

await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
