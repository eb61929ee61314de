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

        // Procedures

        // Hearings and playbook

        // Reminders
    ];

    /// <summary>Administration, shown under its own heading.</summary>
    public static IReadOnlyList<NavEntry> Admin { get; } =
    [
        // Organisation and users
        new("/admin/users", "Nav_Users", Icons.Material.Filled.People, Role.DxTeam),

        // Import / export

        // National catalogue
        new("/admin/national-links", "Nav_NationalLinks", Icons.Material.Filled.Public, Role.DxTeam),

        // Reminder settings and jobs

        // Audit
    ];
}
