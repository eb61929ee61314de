using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace DxTracker.App.Account;

internal static class AccountEndpoints
{
    /// <summary>POST /account/logout signs out and returns to the login page — only with the antiforgery token of the app's
    /// own logout form (a cross-site form cannot sign users out: 400). The endpoint reads no form fields, so the
    /// antiforgery middleware alone would not refuse it: the token is checked here.</summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        });
}
