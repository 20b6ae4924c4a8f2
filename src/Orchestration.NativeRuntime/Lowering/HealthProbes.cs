// Aspire marks its probe annotations experimental; reading them is how a model that declares one keeps it.
#pragma warning disable ASPIREPROBES001
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>
/// The portable form of an Aspire health check, for the compose healthcheck and Kubernetes probes: an HTTP probe the
/// model declares (<c>WithHttpProbe(ProbeType.Readiness, "/health")</c>), else the endpoint, path and status that
/// Aspire's <c>WithHttpHealthCheck</c> writes into its check's key (<c>{resource}_{endpoint}_{path}_{status}_check</c>).
/// </summary>
internal static partial class HealthProbes
{
    public static NativeModel.HealthProbe? For(IResource resource, string healthCheckKey)
    {
        if (resource.Annotations.OfType<EndpointProbeAnnotation>().OrderBy(p => p.Type == ProbeType.Readiness ? 0 : 1).FirstOrDefault() is { } declared)
            return new NativeModel.HttpHealthProbe(declared.EndpointReference.EndpointName, declared.Path);
        return FromHttpCheckKey(resource, healthCheckKey);
    }

    /// <summary>The endpoint, path and status of Aspire's <c>WithHttpHealthCheck</c>, read from its check's key; null for any other check.</summary>
    public static NativeModel.HttpHealthProbe? FromHttpCheckKey(IResource resource, string healthCheckKey)
    {
        if (!healthCheckKey.StartsWith(resource.Name + "_", StringComparison.Ordinal)) return null;
        var match = HttpCheckKey().Match(healthCheckKey[(resource.Name.Length + 1)..]);
        return match.Success && resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == match.Groups["endpoint"].Value)
            ? new NativeModel.HttpHealthProbe(match.Groups["endpoint"].Value, match.Groups["path"].Value, int.Parse(match.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    [GeneratedRegex(@"^(?<endpoint>[^_]+)_(?<path>/[^_]*)_(?<status>[1-5][0-9]{2})_check$")]
    private static partial Regex HttpCheckKey();
}
