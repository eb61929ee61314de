using DxTracker.Domain.Identity;
using MudBlazor;

namespace DxTracker.App.Components.Layout;

/// <summary>One item of the side navigation. <see cref="Roles"/> empty = every signed-in role.</summary>
public sealed record NavEntry(string Href, string TextKey, string Icon, params Role[] Roles)
{
    public bool IsFor(Role? role) => Roles.Length == 0 || (role is { } r && Roles.Contains(r));
}

/// <summary>The side navigation, by role. Each feature adds its entries in its own block (keep blocks apart: fewer merge conflicts).</summary>
public static class NavEntries
{
    public static IReadOnlyList<NavEntry> Main { get; } =
    [
        new("/", "Nav_Home", Icons.Material.Filled.Home),

        // Progress board
        new("/board", "Nav_Board", Icons.Material.Filled.Insights),

        // Procedures
        new("/procedures", "Nav_Procedures", Icons.Material.Filled.ListAlt),

        // Hearings and playbook
        new("/hearings", "Nav_Hearings", Icons.Material.Filled.RecordVoiceOver),
        new("/playbook", "Nav_Playbook", Icons.Material.Filled.MenuBook),
        new("/departments", "Nav_Departments", Icons.Material.Filled.Apartment),

        // Reminders
        new("/reminders", "Nav_Reminders", Icons.Material.Filled.Notifications),
    ];

    /// <summary>Administration, shown under its own heading.</summary>
    public static IReadOnlyList<NavEntry> Admin { get; } =
    [
        // Organisation and users
        new("/admin/organisation", "Nav_Organisation", Icons.Material.Filled.AccountTree, Role.DxTeam),
        new("/admin/users", "Nav_Users", Icons.Material.Filled.People, Role.DxTeam),
        new("/admin/catalogue", "Nav_Catalogue", Icons.Material.Filled.LibraryAdd, Role.DxTeam),
        new("/admin/procedures", "Nav_ProcedureAdmin", Icons.Material.Filled.DriveFileMove, Role.DxTeam),

        // Import / export
        new("/reports", "Nav_Reports", Icons.Material.Filled.TableChart, Role.Manager, Role.DxTeam, Role.DepartmentHead),
        new("/import", "Nav_Import", Icons.Material.Filled.UploadFile, Role.DxTeam),

        // National catalogue
        new("/admin/national-links", "Nav_NationalLinks", Icons.Material.Filled.Public, Role.DxTeam),

        // Reminder settings and jobs
        new("/settings/reminders", "Nav_ReminderSettings", Icons.Material.Filled.NotificationsActive, Role.DxTeam),

        // Progress posts for the ward's social account
        new("/share", "Nav_Share", Icons.Material.Filled.Campaign, Role.DxTeam),

        // Audit
        new("/admin/audit", "Nav_Audit", Icons.Material.Filled.Policy, Role.DxTeam),
    ];
}
