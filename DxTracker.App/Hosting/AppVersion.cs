using System.Reflection;
using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.App.Hosting;

/// <summary>The app's version (the assembly's informational version, set once as &lt;Version&gt; in Directory.Build.props,
/// the SDK appending the commit) and the schema's latest applied migration: what About and /healthz show.</summary>
public static class AppVersion
{
    /// <summary>E.g. "2.0.0+b59e1ea" (the commit shortened to 7 characters, as git shows it).</summary>
    public static string Current { get; } = Shorten(
        typeof(AppVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    /// <summary>The id of the last migration applied to the database (e.g. "20261127162311_Initial"), or null on an empty one.</summary>
    public static async Task<string?> LatestMigrationAsync(DxDbContext db, CancellationToken ct = default) =>
        (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();

    private static string Shorten(string version) =>
        version.IndexOf('+', StringComparison.Ordinal) is var plus and >= 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
}
