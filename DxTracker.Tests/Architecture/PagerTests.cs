using System.Text.RegularExpressions;
using DxTracker.Tests.Support;

namespace DxTracker.Tests.Architecture;

/// <summary>MudBlazor's pagers speak English unless told otherwise ("Rows per page:", "1-50 of 1200"): every table and grid
/// pager of the App takes its words from the shared resources (AppText Pager_RowsPerPage and Pager_Info), so the inventory
/// reads 「表示件数：」 and 「1～50件 / 全1200件」 in Japanese.</summary>
public sealed partial class PagerTests
{
    [GeneratedRegex(@"<Mud(?:Table|DataGrid)Pager\b[^\n]*")]
    private static partial Regex Pager();

    internal static IEnumerable<string> Unlocalised(string razor) =>
        Pager().Matches(razor).Select(m => m.Value.Trim())
            .Where(tag => !tag.Contains("InfoFormat=\"@", StringComparison.Ordinal)
                || !tag.Contains("HideRowsPerPage=\"true\"", StringComparison.Ordinal) && !tag.Contains("RowsPerPageString=\"@", StringComparison.Ordinal));

    [Fact]
    public void Every_pager_of_the_App_is_localised()
    {
        var missing = Repository.OffendingMarkup(Pager(), Unlocalised, atLeast: 8);
        Assert.True(missing.Count == 0, "Pagers in MudBlazor's English:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void An_unlocalised_pager_is_found()
    {
        const string razor = """
            <MudTablePager />
            <MudDataGridPager T="Row" PageSizeOptions="[25, 50]" InfoFormat="@T["Pager_Info"]" />
            <MudTablePager HideRowsPerPage="true" InfoFormat="@T["Pager_Info"]" />
            <MudTablePager RowsPerPageString="@T["Pager_RowsPerPage"]" InfoFormat="@T["Pager_Info"]" />
            """;
        Assert.Equal(["<MudTablePager />", "<MudDataGridPager T=\"Row\" PageSizeOptions=\"[25, 50]\" InfoFormat=\"@T[\"Pager_Info\"]\" />"], Unlocalised(razor));
    }
}
