namespace DxTracker.Domain.Organisation;

/// <summary>The office this installation serves (configuration section "Office"): its name stands beside the app's name
/// in the app bar and on the public pages, and signs the footer of every printed sheet. Empty: nothing is shown.</summary>
public sealed record OfficeSettings
{
    private readonly string _name = "";

    public string Name
    {
        get => _name;
        init => _name = value?.Trim() ?? "";
    }
}
