using Microsoft.AspNetCore.Http;

namespace Orchestration.Dashboard.Security;

/// <summary>
/// Who may use the pages and the JSON API: a request with <c>Authorization: Bearer &lt;token&gt;</c>,
/// or a browser holding the cookie <c>GET /login?t=&lt;token&gt;</c> set. Everything, with <c>--unsecured</c>.
/// </summary>
internal sealed class BrowserAuthentication(DashboardSecrets secrets)
{
    /// <summary>Cookies do not tell ports apart: named per port, two dashboards on one machine do not log each other out.</summary>
    private static string CookieName(HttpContext context) => $"orchestration-dashboard-{context.Connection.LocalPort}";

    public bool IsAuthenticated(HttpContext context)
    {
        if (secrets.Unsecured) return true;
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && DashboardSecrets.SecretEquals(authorization["Bearer ".Length..].Trim(), secrets.BrowserToken))
            return true;
        return DashboardSecrets.SecretEquals(context.Request.Cookies[CookieName(context)], secrets.SessionValue);
    }

    /// <summary>
    /// <c>GET /login?t=...</c>: the right token sets the session cookie (HttpOnly, so scripts cannot read
    /// it; SameSite=Strict, so other sites cannot use it) and redirects to the dashboard; a wrong one gets 401.
    /// </summary>
    public IResult Login(HttpContext context, string? token)
    {
        if (!secrets.Unsecured && !DashboardSecrets.SecretEquals(token, secrets.BrowserToken))
            return Unauthorized("The login link's token is not this dashboard's. Open the link the AppHost printed.");
        context.Response.Cookies.Append(CookieName(context), secrets.SessionValue, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        // The token leaves the address bar and the history right away.
        return Results.Redirect("/");
    }

    public static IResult Unauthorized(string message) =>
        Results.Json(new { error = message }, statusCode: StatusCodes.Status401Unauthorized);
}
