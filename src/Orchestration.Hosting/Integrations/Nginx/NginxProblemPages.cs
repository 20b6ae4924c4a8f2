using System.Text.Json;

namespace Orchestration.Hosting.Integrations.Nginx;

/// <summary>
/// The answers nginx gives itself (a body over the limit, a URL too long, a service down or too slow, a
/// client over its rate limit) as RFC 9457 problem details, <c>application/problem+json</c>, the format
/// the api's own errors have: a client behind the gateway parses one error format, not nginx's HTML pages.
/// </summary>
internal static class NginxProblemPages
{
    private sealed record Problem(int Status, string Type, string Title, string Detail);

    private static readonly Problem[] Problems =
    [
        new(413, "https://tools.ietf.org/html/rfc9110#section-15.5.14", "Content Too Large", "The request body is larger than the gateway accepts."),
        new(414, "https://tools.ietf.org/html/rfc9110#section-15.5.15", "URI Too Long", "The request URI is longer than the gateway accepts."),
        new(429, "https://tools.ietf.org/html/rfc6585#section-4", "Too Many Requests", "Too many requests from this client; retry later."),
        new(502, "https://tools.ietf.org/html/rfc9110#section-15.6.3", "Bad Gateway", "The service behind the gateway is not reachable."),
        new(504, "https://tools.ietf.org/html/rfc9110#section-15.6.5", "Gateway Timeout", "The service behind the gateway did not answer in time."),
    ];

    /// <summary>The <c>error_page</c> directives: server level, so every location (and a request nginx refuses before it picks one) has them.</summary>
    public static IEnumerable<string> ErrorPageDirectives() => Problems.Select(p => $"error_page {p.Status} {PathFor(p.Status)};");

    /// <summary>
    /// One internal location per status, returning the JSON body with that status. A URI, not a named
    /// location: nginx cannot go to a named location from a request line it refused (414).
    /// </summary>
    public static IEnumerable<(string Header, string[] Lines)> Locations() => Problems.Select(p => ($"location = {PathFor(p.Status)}", new[]
    {
        "internal;",
        // An empty types map: the content type is default_type whatever the URI's extension (/x.json, /x.html).
        "types { }",
        "default_type application/problem+json;",
        $"return {p.Status} '{Body(p)}';",
    }));

    private static string PathFor(int status) => $"/_gateway/problem/{status}";

    // The JSON holds no ' (the nginx string's quote), no \ and no $ (nginx would read a variable).
    private static string Body(Problem p) => JsonSerializer.Serialize(new { type = p.Type, title = p.Title, status = p.Status, detail = p.Detail });
}
