namespace DxTracker.App.Hosting;

/// <summary>The app's commands take their own arguments first, then settings (--Key=value). Only the settings go to
/// configuration: a folder argument such as /srv/backup would otherwise read as a "/key value" switch.</summary>
internal static class CommandLine
{
    public static string[] SettingsOf(string[] args) => args switch
    {
        ["create-admin", _, _, .. var rest] => rest,
        ["backup" or "restore", _, .. var rest] => [.. rest.Where(a => a != "--force")],
        ["import", _, "--as", _, .. var rest] => rest,
        ["import", _, .. var rest] => rest,
        _ => args,
    };
}
