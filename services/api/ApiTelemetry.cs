using System.Diagnostics;

namespace Api;

/// <summary>The api's own spans: the enqueue, and the Redis and S3 calls no instrumentation package covers here.</summary>
public static class ApiTelemetry
{
    public const string SourceName = "Api";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// The W3C traceparent of <paramref name="activity"/>, handed to the worker so its span joins the trace.
    /// Without an activity (tracing off) a fresh, unsampled root keeps the message well-formed.
    /// </summary>
    public static string TraceParent(Activity? activity)
    {
        if (activity is { IdFormat: ActivityIdFormat.W3C })
        {
            var flags = activity.Recorded ? "01" : "00";
            return $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{flags}";
        }
        return $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-00";
    }
}
