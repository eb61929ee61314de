using System.Net;
using System.Text.RegularExpressions;

namespace DxTracker.Tests.Support;

/// <summary>A cookie jar for a client of the app in Production over plain http (as behind a TLS-terminating proxy): the
/// app marks its sign-in cookie Secure outside Development, and HttpClient's own CookieContainer never sends a Secure
/// cookie to an http address, which a browser would only ever use over https. Keeps every cookie, Secure or not.</summary>
public sealed partial class PlainHttpCookies() : DelegatingHandler(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
{
    private readonly CookieContainer _cookies = new();

    /// <summary>A client with this jar that does not follow redirects.</summary>
    public static HttpClient Client() => new(new PlainHttpCookies());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (_cookies.GetCookieHeader(uri) is { Length: > 0 } header)
            request.Headers.Add("Cookie", header);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
                _cookies.SetCookies(uri, SecureAttribute().Replace(value, ""));
        }
        return response;
    }

    [GeneratedRegex(@";\s*secure\s*(?=;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecureAttribute();
}
