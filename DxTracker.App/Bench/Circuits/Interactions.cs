namespace DxTracker.App.Bench.Circuits;

/// <summary>What the load client looks for on the pages (test ids and MudBlazor's classes). The end-to-end check
/// <c>CircuitInteractionTests</c> drives the same interactions in Chromium through these same names, so the protocol
/// client cannot quietly drift from the real page.</summary>
public static class Interactions
{
    public const string InventoryPath = "/procedures";
    /// <summary>The inventory's search field (MudTextField: its input carries the handlers).</summary>
    public const string SearchField = "filter-search";
    /// <summary>The grid's count line and each row's link to its procedure: what a search or a page change alters.</summary>
    public const string InventoryCount = "inventory-count";
    public const string InventoryLink = "inventory-link";
    /// <summary>MudBlazor's pager: first, previous, next and last page buttons, in that order.</summary>
    public const string PagerActionsClass = "mud-table-pagination-actions";
    public const int PagerNextIndex = 2, PagerPreviousIndex = 1;
    /// <summary>The procedure page's heading.</summary>
    public const string ProcedureName = "procedure-name";
    /// <summary>A second word to search for (the first is the bench question's).</summary>
    public const string OtherSearch = "証明";
}
