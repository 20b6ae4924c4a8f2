using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orchestration.Dashboard.Telemetry;

namespace Orchestration.Dashboard.Api;

/// <summary>
/// A <see cref="TelemetryQuery"/> from the query string: <c>resource</c>, <c>from</c>, <c>to</c> (ISO 8601),
/// <c>level</c>, <c>text</c>, <c>traceId</c>, <c>name</c> (an instrument), <c>limit</c> (1 to 10,000).
/// A value that does not parse is an error, never silently ignored.
/// </summary>
internal static class TelemetryQueryParser
{
    public const int MaxLimit = 10_000;

    public static bool TryParse(IQueryCollection q, int defaultLimit, out TelemetryQuery query, out string? error)
    {
        query = new TelemetryQuery();
        error = null;
        DateTime? from = null, to = null;
        int? minSeverity = null;
        TraceId? traceId = null;
        var limit = defaultLimit;

        if (q.TryGetValue("from", out var fromText) && !TryParseTime(fromText, out from)) error = $"from: '{fromText}' is not an ISO 8601 time.";
        else if (q.TryGetValue("to", out var toText) && !TryParseTime(toText, out to)) error = $"to: '{toText}' is not an ISO 8601 time.";
        else if (q.TryGetValue("level", out var level))
        {
            if (LogLevels.TryParseMinimum(level, out var n)) minSeverity = n;
            else error = $"level: '{level}' is not one of trace, debug, information, warning, error, critical (or a severity number 0-24).";
        }
        if (error is null && q.TryGetValue("traceId", out var traceText))
        {
            if (TraceId.TryParse(traceText, out var id)) traceId = id;
            else error = $"traceId: '{traceText}' is not 32 hex digits.";
        }
        if (error is null && q.TryGetValue("limit", out var limitText)
            && !(int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is > 0 and <= MaxLimit))
            error = $"limit: '{limitText}' is not a number from 1 to {MaxLimit}.";
        if (error is not null) return false;

        query = new TelemetryQuery
        {
            Resource = NonEmpty(q["resource"]),
            From = from,
            To = to,
            MinSeverity = minSeverity,
            Text = NonEmpty(q["text"]),
            TraceId = traceId,
            Instrument = NonEmpty(q["name"]),
            Limit = limit,
        };
        return true;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool TryParseTime(string? text, out DateTime? time)
    {
        time = null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        time = parsed.UtcDateTime;
        return true;
    }
}
