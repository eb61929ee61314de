using System.Reflection;

namespace DxTracker.App.Hosting;

/// <summary>The app's version (the assembly's informational version, set once as &lt;Version&gt; in Directory.Build.props,
/// the SDK appending the commit): what About and /healthz show, beside the schema's latest migration (SchemaQuery).</summary>
public static class AppVersion
{
    /// <summary>E.g. "2.0.0+b59e1ea" (the commit shortened to 7 characters, as git shows it).</summary>
    public static string Current { get; } = Shorten(
        typeof(AppVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    private static string Shorten(string version) =>
        version.IndexOf('+', StringComparison.Ordinal) is var plus and >= 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
}
