using DxTracker.App.Features.Excel;
using DxTracker.App.Jobs;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Reporting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace DxTracker.App.Features.Admin;

/// <summary>Issues invitations from the DX team's pages (the users page, the organisation import's new heads): with SMTP,
/// mails that the job sends (progress on the users page); without it, setup codes — after a confirmation that says the list
/// can be downloaded only this once — saved at once in the browser as the Excel list to hand out.</summary>
public sealed class InvitationIssuer(
    InvitationMailer mailer, InvitationMailJob mailJob, InvitationService invitations, BrowserFiles files,
    IDialogService dialogs, NavigationManager navigation, TimeProvider clock, IStringLocalizer<AdminText> t)
{
    /// <summary>The page where a setup code is entered.</summary>
    public const string SetupCodePath = "/account/setup-code";

    public bool CanMail => mailer.CanMail;

    /// <summary>The setup code page's address as the people given the list will type it.</summary>
    public string SetupCodeUrl => navigation.ToAbsoluteUri(SetupCodePath).ToString();

    /// <summary>Invites <paramref name="userIds"/> (null: everyone without a password and a live invitation; <paramref name="count"/>
    /// of them as the page sees it, for the confirmation). Returns the message to show, or null when the user cancelled.</summary>
    public async Task<string?> IssueAsync(string callerId, IReadOnlyCollection<string>? userIds, int count)
    {
        if (mailer.CanMail)
            return t["Users_Invited", await mailJob.IssueAsync(callerId, userIds)];
        var confirmed = await dialogs.ShowMessageBoxAsync(t["Codes_Title"], t["Codes_Confirm", count], yesText: t["Codes_Issue"], cancelText: t["Cancel"]);
        if (confirmed != true)
            return null;
        var codes = await invitations.IssueSetupCodesAsync(callerId, userIds);
        if (codes.Count == 0)
            return t["Codes_None"];
        var fileName = $"{ExcelText.Get("Sheet_SetupCodes")}_{FiscalYear.ToJapan(clock.GetUtcNow().UtcDateTime):yyyyMMdd-HHmm}.xlsx";
        await files.SaveAsync(fileName, SetupCodeFile.Build(codes, SetupCodeUrl));
        return t["Codes_Issued", codes.Count];
    }
}
