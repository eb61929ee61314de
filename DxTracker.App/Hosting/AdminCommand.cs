using DxTracker.Domain.Identity;

namespace DxTracker.App.Hosting;

/// <summary>`create-admin &lt;email&gt; &lt;display name&gt;`: creates the first DxTeam user of a real installation.
/// The password is read from DXTRACKER_ADMIN_PASSWORD or from standard input, never from the command line.</summary>
internal static class AdminCommand
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: create-admin <email> <display name>   (password from DXTRACKER_ADMIN_PASSWORD or stdin)");
            return 2;
        }
        var password = Environment.GetEnvironmentVariable("DXTRACKER_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.Write("Password (12 characters or more): ");
            password = Console.ReadLine() ?? "";
        }
        await app.Services.InitialiseDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var result = await IdentitySetup.CreateUserAsync(scope.ServiceProvider, args[1], args[2], password, Role.DxTeam);
        foreach (var error in result.Errors)
            Console.Error.WriteLine(error.Description);
        if (result.Succeeded)
            Console.WriteLine($"Created DxTeam user {args[1]}.");
        return result.Succeeded ? 0 : 1;
    }
}
