using Hangfire;
using Hangfire.Storage;

namespace DxTracker.Tests.Support;

/// <summary>Waiting for a Hangfire job in real storage.</summary>
public static class HangfireJobs
{
    /// <summary>Waits until the job's current state is <paramref name="state"/> (a retried failure stays in the history, so
    /// the history's order is not the current state). A failed attempt passes through "Failed" before AutomaticRetry's
    /// "Scheduled" is written (the SQLite storage does not hide the step), so only a failure that stays for a second
    /// ends the wait early. The deadline is generous: a job requeued on the SQLite storage once stayed "Enqueued" for more
    /// than 30 s while a CI pass loaded both cores (a fetch that waits out a storage lock or Hangfire's back-off after a
    /// storage error); the failure says what the servers were doing.</summary>
    public static async Task<StateData> WaitForStateAsync(JobStorage storage, string jobId, string state, int seconds = 120)
    {
        using var connection = storage.GetConnection();
        var failedPolls = 0;
        for (var i = 0; i < seconds * 10; i++)
        {
            var current = connection.GetStateData(jobId);
            if (current?.Name == state)
                return current;
            failedPolls = current?.Name == "Failed" ? failedPolls + 1 : 0;
            if (failedPolls == 10 && state != "Failed")
                Assert.Fail($"Job {jobId} failed: {current!.Reason} {string.Join("; ", current.Data)}");
            await Task.Delay(100);
        }
        var monitoring = storage.GetMonitoringApi();
        var servers = string.Join("; ", monitoring.Servers().Select(s => $"{s.Name}: {s.WorkersCount} workers, heartbeat {s.Heartbeat:O}"));
        Assert.Fail($"Job {jobId} did not reach {state} in {seconds} s (now {connection.GetStateData(jobId)?.Name}; "
            + $"{monitoring.ProcessingCount()} processing, {monitoring.ScheduledCount()} scheduled; servers: {servers}).");
        return null!;
    }
}
