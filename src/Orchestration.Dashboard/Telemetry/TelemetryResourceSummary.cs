namespace Orchestration.Dashboard.Telemetry;

/// <summary>A resource that sent telemetry, with how much of it is kept.</summary>
/// <param name="Name">The display name queries and the other results use.</param>
/// <param name="ServiceName">OTLP's <c>service.name</c>.</param>
/// <param name="InstanceId">OTLP's <c>service.instance.id</c> (the service name when it sent none).</param>
/// <param name="Attributes">Its resource attributes, as last sent.</param>
/// <param name="Traces">Traces kept.</param>
/// <param name="LogRecords">Log records kept.</param>
/// <param name="MetricPoints">Metric data points kept.</param>
public sealed record TelemetryResourceSummary(
    string Name, string ServiceName, string InstanceId, KeyValuePair<string, string>[] Attributes,
    int Traces, int LogRecords, int MetricPoints);
