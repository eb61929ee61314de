using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DxTracker.App.Bench.Circuits;

/// <summary>
/// A browser reduced to Blazor Server's circuit protocol, for the circuit benchmark: it reads the prerendered page's component
/// markers, starts the circuit over SignalR with the "blazorpack" (MessagePack) protocol, applies and acknowledges render
/// batches, answers the JavaScript calls the page makes, dispatches browser events to handlers and reports navigations.
/// One client = one circuit = one browser tab. Written after the approach of ASP.NET Core's Ignitor test client.
/// </summary>
internal sealed partial class CircuitClient : IAsyncDisposable
{
    private readonly Uri _baseUri;
    private readonly string _cookie;
    private readonly CircuitDom _dom = new();
    private readonly Lock _lock = new();
    private readonly List<(Func<CircuitDom, bool> Ready, TaskCompletionSource Done)> _waits = [];
    private HubConnection? _connection;
    private long _rendererInterop;
    private int _nextCallId;
    private int _nextJsObject;
    private string _uri;
    private string? _error;
    private string? _circuitId;

    private CircuitClient(Uri baseUri, string cookie, string uri)
    {
        _baseUri = baseUri;
        _cookie = cookie;
        _uri = uri;
    }

    /// <summary>The address the page is on (after the app's own navigations).</summary>
    public string Uri => _uri;

    /// <summary>Signs in through the sign-in form (as a browser posts it) and returns the cookie header for the circuits.</summary>
    public static async Task<string> SignInAsync(Uri baseUri, string email, string password)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseUri };
        using var form = await http.GetAsync("/account/login");
        var cookies = Cookies(form);
        var html = await form.Content.ReadAsStringAsync();
        var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", cookies);
        using var answer = await http.SendAsync(post);
        var auth = Cookies(answer);
        if (answer.StatusCode != HttpStatusCode.Redirect || !auth.Contains("DxTracker.Auth=", StringComparison.Ordinal))
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)answer.StatusCode}.");
        return cookies + "; " + auth;
    }

    /// <summary>Loads <paramref name="path"/> as a browser would (the prerendered page) and starts its circuit; returns once
    /// the first render of every root component has arrived.</summary>
    public static async Task<CircuitClient> OpenAsync(Uri baseUri, string cookie, string path, TimeSpan timeout)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseUri };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var page = await http.SendAsync(request);
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync();
        var client = new CircuitClient(baseUri, cookie, new Uri(baseUri, path).ToString());
        await client.StartAsync(html, timeout);
        return client;
    }

    private async Task StartAsync(string html, TimeSpan timeout)
    {
        var markers = Marker().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
            .Where(m => (string?)m["type"] == "server" && m["descriptor"] is not null).ToList();
        if (markers.Count == 0)
            throw new InvalidOperationException($"{_uri} has no interactive server component.");
        var state = ComponentState().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        var builder = new HubConnectionBuilder().WithUrl(new Uri(_baseUri, "_blazor"), HttpTransportType.WebSockets, o =>
        {
            o.Headers["Cookie"] = _cookie;
            o.SkipNegotiation = true;
        });
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHubProtocol, BlazorPackProtocol>());
        _connection = builder.Build();
        _connection.On<int, string>("JS.AttachComponent", (id, _) => { lock (_lock) _dom.Attach(id); });
        _connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", OnBeginInvokeJS);
        _connection.On<int, byte[]>("JS.RenderBatch", OnRenderBatch);
        _connection.On<string>("JS.EndInvokeDotNet", _ => { });
        _connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        _connection.On<string>("JS.Error", error => Fail("circuit error: " + error));
        _connection.Closed += e => { Fail("connection closed" + (e is null ? "" : ": " + e.Message)); return Task.CompletedTask; };
        await _connection.StartAsync();
        _circuitId = await _connection.InvokeAsync<string?>("StartCircuit", _baseUri.ToString(), _uri, "[]", "");
        if (_circuitId is null)
            throw new InvalidOperationException(_error ?? "The server refused to start the circuit.");
        var operations = markers.Select((m, i) => new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = m }).ToArray<JsonNode?>();
        var batch = new JsonObject { ["batchId"] = 1, ["operations"] = new JsonArray(operations) }.ToJsonString();
        // Every root component rendered: as many attached roots as markers, each with some content.
        await ExpectAsync(() => _connection.SendAsync("UpdateRootComponents", batch, state),
            dom => dom.Roots.Count() >= markers.Count && dom.Roots.All(r => r.Children.Count > 0), timeout, "the first render of " + _uri);
    }

    /// <summary>Runs <paramref name="action"/> and waits (at most <paramref name="timeout"/>) until a render batch leaves the
    /// page in the state <paramref name="ready"/> checks; returns the time from the action to that batch.</summary>
    public async Task<TimeSpan> ExpectAsync(Func<Task> action, Func<CircuitDom, bool> ready, TimeSpan timeout, string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
            _waits.Add((ready, done));
        var started = Stopwatch.GetTimestamp();
        Task finished;
        try
        {
            await action();
            finished = await Task.WhenAny(done.Task, Task.Delay(timeout));
        }
        finally
        {
            lock (_lock)
                _waits.RemoveAll(w => w.Done == done);
        }
        if (finished != done.Task)
            throw new TimeoutException($"No render showed {what} within {timeout.TotalSeconds:0} s{(_error is null ? "" : " (" + _error + ")")}.");
        await done.Task;
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Reads the page under the client's lock (render batches apply on another thread).</summary>
    public T Read<T>(Func<CircuitDom, T> read)
    {
        lock (_lock)
            return read(_dom);
    }

    /// <summary>Dispatches a browser event to the handler <paramref name="eventName"/> of the element <paramref name="find"/> finds.</summary>
    public Task DispatchAsync(Func<CircuitDom, DomNode?> find, string eventName, object eventArgs)
    {
        ulong handler;
        lock (_lock)
        {
            var element = find(_dom) ?? throw new InvalidOperationException($"No element for the {eventName} event on {_uri}.");
            if (!element.Handlers.TryGetValue(eventName, out handler))
                throw new InvalidOperationException($"The element <{element.Name}> has no {eventName} handler on {_uri}.");
        }
        var descriptor = new { eventHandlerId = handler, eventName, eventFieldInfo = (object?)null };
        var args = JsonSerializer.Serialize(new object[] { descriptor, eventArgs });
        return Connection.SendAsync("BeginInvokeDotNetFromJS",
            Interlocked.Increment(ref _nextCallId).ToString(CultureInfo.InvariantCulture), null, "DispatchEventAsync", _rendererInterop, args);
    }

    /// <summary>A click as the browser reports it.</summary>
    public static object Click { get; } = new { detail = 1, button = 0, buttons = 0, type = "click" };

    /// <summary>A link followed inside the app (the browser's router intercepts it and tells the circuit).</summary>
    public Task NavigateAsync(string path)
    {
        _uri = new Uri(_baseUri, path).ToString();
        return Connection.SendAsync("OnLocationChanged", _uri, null, true);
    }

    private HubConnection Connection => _connection ?? throw new InvalidOperationException("The circuit has not started.");

    private void OnRenderBatch(int batchId, byte[] data)
    {
        lock (_lock)
        {
            try
            {
                _dom.Apply(data);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
            {
                Fail($"render batch {batchId} could not be applied: {e.Message}");
            }
            foreach (var wait in _waits.Where(w => w.Ready(_dom)).ToList())
            {
                wait.Done.TrySetResult();
                _waits.Remove(wait);
            }
        }
        _ = Connection.SendAsync("OnRenderCompleted", (long)batchId, _error);
    }

    /// <summary>The page's JavaScript, answered as a browser without layout would: the renderer's interop object is kept (events
    /// go through it), navigations are followed, a call for an object gets a fresh object id, anything else succeeds empty.</summary>
    private void OnBeginInvokeJS(long asyncHandle, string identifier, string argsJson, int resultType, long targetInstanceId, int callType)
    {
        object? result = null;
        switch (identifier)
        {
            case "Blazor._internal.attachWebRendererInterop":
                _rendererInterop = JsonNode.Parse(argsJson)![1]!["__dotNetObject"]!.GetValue<long>();
                break;
            case "Blazor._internal.navigationManager.navigateTo":
                var target = new Uri(new Uri(_uri), (string)JsonNode.Parse(argsJson)![0]!).ToString();
                _uri = target;
                _ = Connection.SendAsync("OnLocationChanged", target, null, false);
                break;
        }
        if (resultType == 1) // JSObjectReference
            result = new Dictionary<string, int> { ["__jsObjectId"] = Interlocked.Increment(ref _nextJsObject) };
        if (asyncHandle != 0)
            _ = Connection.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, JsonSerializer.Serialize(new[] { asyncHandle, true, result }));
    }

    private void Fail(string error)
    {
        lock (_lock)
        {
            _error ??= error;
            foreach (var wait in _waits)
                wait.Done.TrySetException(new InvalidOperationException(error));
            _waits.Clear();
        }
    }

    /// <summary>Closes the tab: the browser's disconnect beacon ends the circuit at once (not kept for a reconnection).</summary>
    public async Task CloseAsync()
    {
        if (_circuitId is null)
            return;
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = _baseUri };
        using var beacon = new HttpRequestMessage(HttpMethod.Post, "/_blazor/disconnect")
        {
            Content = new MultipartFormDataContent { { new StringContent(_circuitId), "circuitId" } },
        };
        beacon.Headers.Add("Cookie", _cookie);
        (await http.SendAsync(beacon)).EnsureSuccessStatusCode();
        _circuitId = null;
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex("<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex ComponentState();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();

    /// <summary>Blazor's hub speaks MessagePack under the name "blazorpack".</summary>
    private sealed class BlazorPackProtocol : MessagePackHubProtocol, IHubProtocol
    {
        string IHubProtocol.Name => "blazorpack";
    }
}
