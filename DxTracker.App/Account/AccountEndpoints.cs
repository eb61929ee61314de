using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace DxTracker.App.Account;

internal static class AccountEndpoints
{
    /// <summary>POST /account/logout (antiforgery-checked form post) signs out and returns to the login page.</summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        });
}
