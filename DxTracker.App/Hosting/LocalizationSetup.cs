using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Localization;

namespace DxTracker.App.Hosting;

public static class LocalizationSetup
{
    public static readonly string[] Cultures = ["ja-JP", "en-US"];

    /// <summary>Each supported culture with its language's name in that language (a switch names languages in themselves).</summary>
    public static readonly (string Culture, string Name)[] Languages = [("ja-JP", "日本語"), ("en-US", "English")];

    /// <summary>The link that switches to <paramref name="culture"/> and comes back to the current page with its query.</summary>
    public static string CultureHref(NavigationManager navigation, string culture) =>
        $"culture?c={culture}&redirect={Uri.EscapeDataString("/" + navigation.ToBaseRelativePath(navigation.Uri))}";

    public static IServiceCollection AddDxLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // Prerendered HTML keeps Japanese as characters (the response is UTF-8) instead of an 8-byte &#x…; entity per
        // character: Razor components take this encoder from DI. Markup characters (< > & " ' +) are still encoded.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Cultures[0]).AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            // Japanese unless the user chose otherwise: a browser's English Accept-Language does not switch staff to English.
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>GET /culture?c=en-US&amp;redirect=/x sets the culture cookie and returns to the page.</summary>
    public static void MapCultureEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/culture", (string c, string? redirect, HttpContext http) =>
        {
            if (Cultures.Contains(c))
            {
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureInfo.GetCultureInfo(c))),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            }
            return Results.LocalRedirect(redirect is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//") ? r : "/");
        });
}
