namespace DxTracker.Tests.Support;

/// <summary>Polling with a deadline: every wait in the suite ends, and a wait that runs out says what it waited for.</summary>
public static class Waiting
{
    /// <summary>Polls <paramref name="condition"/> every <paramref name="interval"/> (default 100 ms) until it holds; after
    /// <paramref name="timeout"/> fails the test with "Waited … for <paramref name="what"/>".</summary>
    public static async Task UntilAsync(string what, TimeSpan timeout, Func<Task<bool>> condition, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; it did not happen.");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }
    }

    public static Task UntilAsync(string what, TimeSpan timeout, Func<bool> condition, TimeSpan? interval = null) =>
        UntilAsync(what, timeout, () => Task.FromResult(condition()), interval);

    /// <summary>Waits for a process to exit (after a kill, or a command that must end), at most <paramref name="timeout"/>.</summary>
    public static async Task ForExitAsync(System.Diagnostics.Process process, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what} to exit; it did not.");
        }
    }
}
