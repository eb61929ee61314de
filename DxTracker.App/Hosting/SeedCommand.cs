using System.Globalization;
using DxTracker.Domain.Data;
using DxTracker.Domain.Demo;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Hosting;

/// <summary>`seed [--scale 1] [--seed 1]`: adds a synthetic city (<see cref="SyntheticCity"/>) to the configured database, for a
/// big demo. The same at start-up when "Demo:Scale" is set (once per seed).</summary>
internal static class SeedCommand
{
    public const int DefaultSeed = 1;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        double scale = 1;
        var seed = DefaultSeed;
        try
        {
            for (var i = 1; i < args.Length; i += 2)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--scale": scale = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture); break;
                    case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("usage: seed [--scale 1] [--seed 1]");
            return 2;
        }
        await app.Services.InitialiseDatabaseAsync();
        try
        {
            var result = await GenerateAsync(app.Services, scale, seed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Added {result.Describe()} in {result.Elapsed.TotalSeconds:0.0} s."));
            return 0;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>"Demo:Scale" at start-up: the synthetic city of <see cref="DefaultSeed"/>, unless it is already there.</summary>
    public static async Task EnsureDemoScaleAsync(IServiceProvider services, double scale)
    {
        var factory = services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var prefix = SyntheticCity.CodePrefix(DefaultSeed);
            if (await db.Departments.AnyAsync(d => d.Code.StartsWith(prefix)))
                return;
        }
        await GenerateAsync(services, scale, DefaultSeed);
    }

    private static async Task<SyntheticCityResult> GenerateAsync(IServiceProvider services, double scale, int seed)
    {
        var factory = services.GetRequiredService<IDbContextFactory<DxDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await SyntheticCity.GenerateAsync(db, scale, seed, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
    }
}
