using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestration.Dashboard.Resources;
using Orchestration.Dashboard.Security;
using Orchestration.Dashboard.Telemetry;

namespace Orchestration.Dashboard.Api;

/// <summary>
/// The JSON API, for scripts and the pages: resources, their console output, and telemetry queries.
/// Every route needs the browser token (bearer header or login cookie).
/// </summary>
internal static class ApiEndpoints
{
    public static RouteGroupBuilder MapDashboardApi(this IEndpointRouteBuilder endpoints, BrowserAuthentication auth, DashboardJson json,
        TelemetryStore store, IDashboardResourceSource? resources)
    {
        var api = endpoints.MapGroup("/api");
        api.AddEndpointFilter(async (context, next) =>
        {
            if (auth.IsAuthenticated(context.HttpContext)) return await next(context);
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return BrowserAuthentication.Unauthorized("Send Authorization: Bearer <token>, or open the login link the dashboard printed.");
        });

        // Connection strings usually hold passwords: only on request.
        // Returns Task<IResult>: an expression-bodied async lambda would bind to RequestDelegate and drop its result.
        api.MapGet("/resources", async Task<IResult> (HttpContext context) =>
            Results.Json(resources is null ? [] : await resources.GetResourcesAsync(IsTrue(context.Request.Query["secrets"]), context.RequestAborted), json.Options));

        api.MapGet("/resources/{name}/console", (string name) =>
            resources?.GetConsoleLines(name) is { } lines
                ? Results.Json(lines, json.Options)
                : Results.Json(new { error = $"No resource named '{name}'." }, json.Options, statusCode: StatusCodes.Status404NotFound));

        api.MapResourceEndpoints(json, resources);

        var telemetry = api.MapGroup("/telemetry");
        // The pages poll this every second and query again only when it moved.
        telemetry.MapGet("/version", () => Results.Json(new { version = store.Version }, json.Options));
        telemetry.MapGet("/resources", () => Results.Json(store.GetResources(), json.Options));
        telemetry.MapGet("/traces", (HttpContext context) => Query(context, json, defaultLimit: 100, store.GetTraces));
        telemetry.MapGet("/traces/{traceId}", (string traceId) =>
            !TraceId.TryParse(traceId, out var id) ? BadRequest(json, $"'{traceId}' is not a trace id (32 hex digits).")
            : store.GetTrace(id) is { } trace ? Results.Json(trace, json.Options)
            : Results.Json(new { error = $"No trace {id} is kept." }, json.Options, statusCode: StatusCodes.Status404NotFound));
        telemetry.MapGet("/logs", (HttpContext context) => Query(context, json, defaultLimit: 1_000, store.GetLogs));
        telemetry.MapGet("/metrics", (HttpContext context) => Query(context, json, defaultLimit: 1_000, store.GetMetrics));
        return api;
    }

    private static IResult Query<T>(HttpContext context, DashboardJson json, int defaultLimit, Func<TelemetryQuery, IReadOnlyList<T>> run)
        => TelemetryQueryParser.TryParse(context.Request.Query, defaultLimit, out var query, out var error)
            ? Results.Json(run(query), json.Options)
            : BadRequest(json, error!);

    private static IResult BadRequest(DashboardJson json, string error) => Results.Json(new { error }, json.Options, statusCode: StatusCodes.Status400BadRequest);

    private static bool IsTrue(string? value) => value is not null && (value == "" || value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
