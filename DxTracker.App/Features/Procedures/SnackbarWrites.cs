using DxTracker.Domain;
using MudBlazor;

namespace DxTracker.App.Features.Procedures;

public static class SnackbarWrites
{
    /// <summary>Runs a write from a panel's button: success says <paramref name="saved"/>, a refusal shows the domain's message
    /// (what was typed stays in the form). Returns whether it was written.</summary>
    public static async Task<bool> WriteAsync(this ISnackbar snackbar, string saved, Func<Task> write)
    {
        try
        {
            await write();
            snackbar.Add(saved, Severity.Success);
            return true;
        }
        catch (DomainException e)
        {
            snackbar.Add(e.Message, Severity.Error);
            return false;
        }
    }
}
