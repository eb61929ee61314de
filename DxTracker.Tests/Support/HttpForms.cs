using System.Net;
using System.Text.RegularExpressions;

namespace DxTracker.Tests.Support;

/// <summary>The app's forms posted as a script posts them (no browser, no JavaScript): for the HTTP-level attack tests.</summary>
public static partial class HttpForms
{
    /// <summary>A client that keeps cookies and does not follow redirects (the Location is what the tests look at).</summary>
    public static HttpClient Client(Uri baseAddress) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>Reads the sign-in form (its antiforgery token and cookie) and posts it to <paramref name="postTo"/>.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient http, string email, string password, string postTo = "/account/login")
    {
        var fields = AppProcess.HiddenFields(await http.GetStringAsync("/account/login"));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return await http.PostAsync(postTo, new FormUrlEncodedContent(fields));
    }

    /// <summary>The text of the sign-in page's error alert, or null when the answer shows none.</summary>
    public static async Task<string?> SignInErrorAsync(HttpResponseMessage response)
    {
        var match = LoginError().Match(await response.Content.ReadAsStringAsync());
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : null;
    }

    [GeneratedRegex("data-testid=\"login-error\".*?<div class=\"mud-alert-message\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex LoginError();
}
