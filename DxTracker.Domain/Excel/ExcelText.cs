using System.Globalization;
using System.Resources;

namespace DxTracker.Domain.Excel;

/// <summary>The Excel files' words (ExcelText.tsv → .resx): report headers in the UI language, import messages.
/// The inventory's own column headers are fixed Japanese (<see cref="InventoryColumns"/>) and do not come from here.</summary>
public static class ExcelText
{
    private static readonly ResourceManager Resources = new("DxTracker.Domain.Excel.ExcelText", typeof(ExcelText).Assembly);

    public static string Get(string name) => Get(name, CultureInfo.CurrentUICulture);

    /// <summary>The word in a given culture (the inventory and the survey files are Japanese whatever the UI language).</summary>
    public static string Get(string name, CultureInfo culture) => Resources.GetString(name, culture) ?? name;

    public static string Format(string name, params object[] args) =>
        string.Format(CultureInfo.CurrentCulture, Get(name), args);
}
