using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestration.Dashboard.Security;

namespace Orchestration.Dashboard;

/// <summary>The browser's side: <c>/login</c> and the page files (behind the login, like the API).</summary>
internal static class PageEndpoints
{
    public static void MapDashboardPages(this IEndpointRouteBuilder endpoints, BrowserAuthentication auth, EmbeddedAssets assets)
    {
        endpoints.MapGet("/login", (HttpContext context, string? t) => auth.Login(context, t))
            .WithMetadata(new DashboardListenerMetadata(DashboardListener.Browser));

        endpoints.MapGet("/{**path}", (HttpContext context, string? path) =>
        {
            if (!auth.IsAuthenticated(context))
                return Results.Text("Not logged in. Open the login link the dashboard printed: http://127.0.0.1:<port>/login?t=<token>",
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
            AddSecurityHeaders(context.Response);
            return assets.Get(string.IsNullOrEmpty(path) ? "index.html" : path) is { } file
                ? Results.Bytes(file.Content, file.ContentType)
                : Results.NotFound();
        }).WithMetadata(new DashboardListenerMetadata(DashboardListener.Browser));
    }

    /// <summary>
    /// The pages show what processes print and send: a strict CSP (scripts and styles only from the
    /// dashboard's own files, no inline code) keeps anything that slips past escaping inert.
    /// </summary>
    private static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
    }
}
