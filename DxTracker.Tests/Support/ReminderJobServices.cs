using DxTracker.App.Hosting;
using DxTracker.App.Jobs;
using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DxTracker.Tests.Support;

/// <summary>The stalled-items job composed as the app composes it (AddDxReminderJob), over a test database, a fake clock
/// and, when given, the in-process SMTP server's port.</summary>
public static class ReminderJobServices
{
    public const string BaseUrl = "https://dx.city.example.jp/";

    public static ServiceProvider Build(TestDatabase db, TimeProvider clock, int? smtpPort)
    {
        var settings = new Dictionary<string, string?> { ["App:BaseUrl"] = BaseUrl, ["Smtp:From"] = "dx-team@city.example.jp" };
        if (smtpPort is { } port)
        {
            settings["Smtp:Host"] = "127.0.0.1";
            settings["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Smtp:Security"] = "None";
        }
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddLocalization();
        services.AddSingleton<IDbContextFactory<DxDbContext>>(db);
        services.AddSingleton(clock);
        services.AddSingleton(db.Audit(clock));
        services.AddDxReminderJob();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>One run of the job, in its own scope, as Hangfire's activator would do it.</summary>
    public static async Task RunAsync(ServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StalledItemsJob>().RunAsync(ct);
    }
}
