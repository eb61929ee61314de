using System.Text.RegularExpressions;
using DxTracker.Tests.Support;

namespace DxTracker.Tests.Architecture;

/// <summary>A single-choice MudSelect chooses on Enter only (<c>SelectionOnEnter="true"</c>): by default each arrow press
/// while its list is open changes the value, so a keyboard user going through the options would empty a form, add and
/// remove fields, or reload the board year after year (issue 22's keyboard journeys). MudBlazor 9 has no global default
/// for it, so every select says it, and this test finds the one that forgets.</summary>
public sealed partial class SelectTests
{
    /// <summary>Each MudSelect's opening tag and what follows up to its first item, its end or the next select (a tag's
    /// attributes may hold lambdas, whose "=>" ends no tag, so the tag is not cut at the first '>').</summary>
    [GeneratedRegex(@"<MudSelect\b(?:(?!<MudSelectItem\b|</MudSelect>|<MudSelect\b).)*", RegexOptions.Singleline)]
    private static partial Regex SelectTag();

    internal static IEnumerable<string> ChoosingOnEveryArrow(string razor) =>
        SelectTag().Matches(razor).Select(m => m.Value)
            .Where(tag => !tag.Contains("SelectionOnEnter=\"true\"", StringComparison.Ordinal)
                && !tag.Contains("MultiSelection=\"true\"", StringComparison.Ordinal))
            .Select(tag => tag.Split('\n')[0].Trim());

    /// <summary>At least 20 selects in the App's markup (28 when the inventory's filters became the browser's selects): fewer
    /// means the scan read the wrong folder.</summary>
    [Fact]
    public void Every_single_choice_select_of_the_App_chooses_on_Enter()
    {
        var missing = Repository.OffendingMarkup(SelectTag(), ChoosingOnEveryArrow, atLeast: 20);
        Assert.True(missing.Count == 0, "MudSelect without SelectionOnEnter=\"true\":\n" + string.Join("\n", missing));
    }

    /// <summary>The check finds what it looks for, tags over several lines and lambdas in attributes included.</summary>
    [Fact]
    public void A_select_choosing_on_every_arrow_is_found()
    {
        const string razor = """
            <MudSelect T="int" Value="_a" ValueChanged="v => Set(v)"
                       Label="A">
                <MudSelectItem T="int" Value="1">1</MudSelectItem>
            </MudSelect>
            <MudSelect T="int" SelectionOnEnter="true" ValueChanged="v => Set(v)" Label="B"><MudSelectItem T="int" Value="1" /></MudSelect>
            <MudSelect T="int" MultiSelection="true" Label="C"></MudSelect>
            <MudSelect T="int" Label="D" ValueChanged="v => Set(v)" />
            <MudSelect T="int" SelectionOnEnter="true" Label="E" />
            """;
        Assert.Equal(["<MudSelect T=\"int\" Value=\"_a\" ValueChanged=\"v => Set(v)\"", "<MudSelect T=\"int\" Label=\"D\" ValueChanged=\"v => Set(v)\" />"],
            ChoosingOnEveryArrow(razor));
    }
}
