namespace Orchestration.Dashboard.Telemetry;

/// <summary>
/// Who sent telemetry: OTLP's <c>service.name</c> and <c>service.instance.id</c>. The AppHost sets
/// them to the resource's name and the copy's name (<c>api</c>, <c>api-0</c>).
/// </summary>
public readonly record struct TelemetryResourceKey(string ServiceName, string InstanceId)
{
    /// <summary>
    /// The name a person reads: the instance id when it is the service's own copy name (<c>api</c>,
    /// <c>api-1</c>), else the service name and the start of the instance id (SDKs default it to a GUID).
    /// </summary>
    public string DisplayName =>
        InstanceId == ServiceName || InstanceId.StartsWith(ServiceName + "-", StringComparison.Ordinal)
            ? InstanceId
            : $"{ServiceName}-{InstanceId[..Math.Min(8, InstanceId.Length)]}";

    /// <summary>Whether a query's <c>resource=</c> names this resource: its service name, instance id or display name.</summary>
    public bool Matches(string? resource) =>
        resource is null || resource == ServiceName || resource == InstanceId || resource == DisplayName;
}
