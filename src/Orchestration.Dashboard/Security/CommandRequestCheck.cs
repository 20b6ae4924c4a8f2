using Microsoft.AspNetCore.Http;

namespace Orchestration.Dashboard.Security;

/// <summary>
/// Requests that change something (start, stop, restart) must carry <c>X-Dashboard-Request: 1</c>.
/// The login cookie is SameSite=Strict already; the header is the second lock: a page elsewhere can
/// make a browser send a form, but not a custom header without a CORS preflight, which the dashboard
/// never answers. An <c>Origin</c> other than the dashboard's own is refused as well.
/// </summary>
internal static class CommandRequestCheck
{
    public const string HeaderName = "X-Dashboard-Request";

    public static string? Problem(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers[HeaderName] != "1")
            return $"Commands need the header {HeaderName}: 1 (protection against cross-site requests).";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
            return $"Commands from {origin} are refused.";
        return null;
    }
}
