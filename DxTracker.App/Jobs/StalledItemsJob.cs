using DxTracker.Domain.Reminders;
using Hangfire;

namespace DxTracker.App.Jobs;

/// <summary>The daily Hangfire job: writes the reminders for stalled procedures and overdue follow-ups, then mails the
/// digests. Safe to run twice, to retry and to run after a restart: the scan writes only missing reminders and the
/// mailer sends only what was not mailed yet. A failed mail fails the job, and Hangfire retries it.</summary>
public sealed class StalledItemsJob(StallScanner scanner, ReminderDigestMailer mailer, ILogger<StalledItemsJob> logger)
{
    public const string Id = "stalled-items";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 10)]
    public async Task RunAsync(CancellationToken ct)
    {
        await ScanAsync(ct);
        await mailer.SendAsync(ct);
    }

    /// <summary>The job's scan without its digests: also run once right after the demo ward is seeded, so a fresh demo
    /// shows its reminders at once. The reminders it writes stay unmailed, so the next run of the job mails them (when
    /// SMTP is configured); start-up never waits for, or fails on, a mail server.</summary>
    public async Task<ScanResult> ScanAsync(CancellationToken ct)
    {
        var result = await scanner.ScanAsync(ct);
        logger.LogInformation("Stall scan: {Procedures} stalled procedures, {FollowUps} overdue follow-ups, {Created} new reminders",
            result.StalledProcedures, result.OverdueFollowUps, result.RemindersCreated);
        return result;
    }
}
