using Microsoft.JSInterop;

namespace DxTracker.App.Features.Excel;

/// <summary>Saves bytes made on the server as a file in the user's browser (the circuit's JS runtime; scoped per circuit).</summary>
public sealed class BrowserFiles(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;

    public async Task SaveAsync(string fileName, byte[] bytes)
    {
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./Features/Excel/Import.razor.js");
        using var stream = new DotNetStreamReference(new MemoryStream(bytes));
        await _module.InvokeVoidAsync("saveFile", fileName, stream);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; nothing to release in the browser.
            }
        }
    }
}
