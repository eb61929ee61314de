namespace DxTracker.App.Bench.Circuits;

/// <summary>What the load client looks for on the pages (test ids and MudBlazor's classes). The end-to-end check
/// <c>CircuitInteractionTests</c> drives the same interactions in Chromium through these same names, so the protocol
/// client cannot quietly drift from the real page.</summary>
public static class Interactions
{
    public const string InventoryPath = "/procedures";
    /// <summary>The inventory's search field (around its input, which carries the change handler).</summary>
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

    /// <summary>The procedure page's status line: the procedure's id and status as attributes.</summary>
    public const string ProcedureStatus = "procedure-status";
    public const string ProcedureIdAttribute = "data-procedure", StatusAttribute = "data-status";
    /// <summary>The status move: the page's button, the dialog, each target's radio (its input carries the target's name), the
    /// dialog's two buttons.</summary>
    public const string MoveOpen = "move-open", MoveDialog = "move-dialog", MoveSubmit = "move-submit", MoveCancel = "move-cancel";
    public const string MoveTargetAttribute = "data-target";

    /// <summary>The board: its fiscal-year select (MudSelect: opened by a mouse press, its items in a popover), each item and
    /// the figures carrying the year.</summary>
    public const string BoardPath = "/board";
    public const string BoardYear = "board-year", BoardMetrics = "board-metrics";
    public const string YearAttribute = "data-year";
    /// <summary>MudBlazor's class of an open popover (where the select's items are clickable).</summary>
    public const string OpenPopoverClass = "mud-popover-open";
}
