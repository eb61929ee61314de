using DxTracker.App.Account;
using DxTracker.App.Components;
using DxTracker.App.Hosting;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddDxLocalization();
builder.Services.AddDxData(builder.Configuration, builder.Environment);
builder.Services.AddDxIdentity();
builder.Services.AddDxNational(builder.Configuration);

var app = builder.Build();

if (args is ["create-admin", ..])
    return await AdminCommand.RunAsync(app, args);

await app.Services.InitialiseDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapCultureEndpoint();
app.MapAccountEndpoints();

await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
