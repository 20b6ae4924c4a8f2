using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestration.Dashboard.Resources;
using Orchestration.Dashboard.Security;
using Orchestration.Hosting;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Dashboard.Api;

/// <summary>
/// What the resources and console pages need beyond the listing: environments, commands, and the
/// live streams (Server-Sent Events) of state changes and console lines.
/// </summary>
internal static class ResourceEndpoints
{
    /// <summary>Kept lines sent when a console stream opens, per copy: the page shows the tail, not 10,000 lines each.</summary>
    private const int DefaultTail = 1_000;

    public static void MapResourceEndpoints(this RouteGroupBuilder api, DashboardJson json, IDashboardResourceSource? resources)
    {
        // Secret values (from secret parameters, and the OTLP key) are left out unless asked for: the page reveals them on a click.
        api.MapGet("/resources/{name}/environment", async Task<IResult> (string name, HttpContext context) =>
        {
            if (resources is null || await resources.GetEnvironmentAsync(name, context.RequestAborted) is not { } environment)
                return NotFound(json, name);
            var reveal = IsTrue(context.Request.Query["secrets"]);
            return Results.Json(environment.Select(v => new EnvironmentValue(v.Name, v.IsSecret && !reveal ? null : v.Value, v.IsSecret)), json.Options);
        });

        api.MapPost("/resources/{name}/{command}", async Task<IResult> (string name, string command, HttpContext context) =>
        {
            if (CommandRequestCheck.Problem(context) is { } problem)
                return Results.Json(new { error = problem }, json.Options, statusCode: StatusCodes.Status403Forbidden);
            if (!Enum.TryParse<ResourceCommand>(command, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(command[0]))
                return Results.Json(new { error = $"'{command}' is not a command: start, stop or restart." }, json.Options, statusCode: StatusCodes.Status404NotFound);
            if (resources is null) return NotFound(json, name);
            try
            {
                await resources.RunCommandAsync(name, parsed, context.RequestAborted);
            }
            catch (DistributedApplicationException)
            {
                return NotFound(json, name);
            }
            return Results.Json(new { name, command = parsed }, json.Options);
        });

        api.MapGet("/events/resources", (HttpContext context) => resources is null
            ? Task.CompletedTask
            : ServerSentEvents.WriteAsync(context, "resources",
                ServerSentEvents.Merge([resources.WatchAsync(context.RequestAborted)], context.RequestAborted), json.Options));

        // ?resource=api for one copy, none for all; ?tail=N kept lines per copy first.
        api.MapGet("/events/console", async Task (HttpContext context) =>
        {
            var wanted = context.Request.Query["resource"].ToString();
            var tail = int.TryParse(context.Request.Query["tail"], out var t) && t >= 0 ? t : DefaultTail;
            var names = resources is null ? []
                : (await resources.GetResourcesAsync(false, context.RequestAborted)).Select(r => r.Name)
                    .Where(n => wanted.Length == 0 || n == wanted).ToList();
            if (resources is null || (wanted.Length > 0 && names.Count == 0))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            var sources = names.Select(n => Tail(resources, n, tail, context.RequestAborted));
            await ServerSentEvents.WriteAsync(context, "console", ServerSentEvents.Merge(sources, context.RequestAborted), json.Options);
        });
    }

    private static async IAsyncEnumerable<ConsoleLine> Tail(IDashboardResourceSource resources, string name, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var kept = resources.GetConsoleLines(name) ?? [];
        var first = tail == 0 ? long.MaxValue : kept.Count > tail ? kept[^tail].Number : 0;
        var live = false;
        await foreach (var line in resources.WatchConsoleAsync(name, cancellationToken).ConfigureAwait(false))
        {
            // Kept lines older than the tail are skipped; lines written after the stream opened always go out.
            live |= kept.Count == 0 || line.Number > kept[^1].Number;
            if (live || line.Number >= first) yield return new ConsoleLine(name, line.Number, line.Timestamp, line.Text, line.IsError);
        }
    }

    private static IResult NotFound(DashboardJson json, string name)
        => Results.Json(new { error = $"No resource named '{name}'." }, json.Options, statusCode: StatusCodes.Status404NotFound);

    private static bool IsTrue(string? value) => value is not null && (value == "" || value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    private sealed record EnvironmentValue(string Name, string? Value, bool Secret);

    private sealed record ConsoleLine(string Resource, long Number, DateTimeOffset Timestamp, string Text, bool IsError);
}
