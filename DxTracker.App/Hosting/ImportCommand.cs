using System.Globalization;
using DxTracker.Domain;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace DxTracker.App.Hosting;

/// <summary>`import &lt;file.xlsx&gt; --as &lt;email&gt;`: the inventory import of the 手続棚卸し表 page, as that user, through the
/// same <see cref="InventoryImportService"/>; `import-organisation` the same for the organisation sheet (組織表) through
/// <see cref="OrganisationImportService"/> (DX team only, re-read from the database; every row checked before one
/// transaction writes; the import audited). Prints the problems by row and column; exit code 0 when imported, 1 when the
/// file, a row or the user was refused, 2 for a wrong command line, a missing file or an unknown user.</summary>
internal static class ImportCommand
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(LocalizationSetup.Cultures[0]);
        var text = app.Services.GetRequiredService<IStringLocalizer<ImportCommandText>>();
        if (args is not [var command, var file, "--as", var email, ..])
        {
            Console.Error.WriteLine(text["Usage"]);
            return 2;
        }
        if (!File.Exists(file))
        {
            Console.Error.WriteLine(text["NoFile", file]);
            return 2;
        }
        await app.Services.InitialiseDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        if (user is null)
        {
            Console.Error.WriteLine(text["NoUser", email]);
            return 2;
        }
        string? fileError;
        IReadOnlyList<ImportIssue> issues;
        string done;
        try
        {
            await using var stream = File.OpenRead(file);
            if (command == "import-organisation")
            {
                var o = await scope.ServiceProvider.GetRequiredService<OrganisationImportService>().ImportAsync(user.Id, stream);
                (fileError, issues) = (o.FileError, o.Issues);
                done = text["DoneOrganisation", N(o.NewDivisions), N(o.NewDepartments), N(o.ChangedDepartments), N(o.UnchangedDepartments), N(o.NewHeads), N(o.MovedHeads), N(o.RemovedHeads)];
            }
            else
            {
                var o = await scope.ServiceProvider.GetRequiredService<InventoryImportService>().ImportInventoryAsync(user.Id, stream);
                (fileError, issues) = (o.FileError, o.Issues);
                done = text["Done", N(o.New), N(o.Changed), N(o.Unchanged)];
            }
        }
        catch (AccessDeniedException e)
        {
            Console.Error.WriteLine(text["Refused", e.Message]);
            return 1;
        }
        if (fileError is { } refusal)
        {
            Console.Error.WriteLine(text["Refused", refusal]);
            return 1;
        }
        if (issues.Count > 0)
        {
            foreach (var issue in issues)
                Console.Error.WriteLine(text["Issue", issue.Row, issue.Column, issue.Reason]);
            Console.Error.WriteLine(text["Issues", issues.Count.ToString("N0", CultureInfo.CurrentCulture)]);
            return 1;
        }
        Console.WriteLine(done);
        return 0;
    }

    private static string N(int count) => count.ToString("N0", CultureInfo.CurrentCulture);
}
