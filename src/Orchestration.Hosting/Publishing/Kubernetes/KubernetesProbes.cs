using k8s.Models;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Publishing.Kubernetes;

/// <summary>
/// The model's health probe as startup, readiness and liveness probes: the startup probe gives a slow
/// first start time (up to 2 minutes) without making liveness lenient afterwards.
/// </summary>
internal static class KubernetesProbes
{
    public static (V1Probe Startup, V1Probe Readiness, V1Probe Liveness)? For(PublishedService service)
    {
        if (service.Probe is not { } probe) return null;
        V1Probe Make(int period, int failures, int timeout) => probe switch
        {
            HttpHealthProbe http => new V1Probe
            {
                HttpGet = new V1HTTPGetAction { Port = PortOf(service, http.EndpointName), Path = http.Path },
                PeriodSeconds = period, FailureThreshold = failures, TimeoutSeconds = timeout,
            },
            TcpHealthProbe tcp => new V1Probe { TcpSocket = new V1TCPSocketAction { Port = PortOf(service, tcp.EndpointName) }, PeriodSeconds = period, FailureThreshold = failures, TimeoutSeconds = timeout },
            ExecHealthProbe exec => new V1Probe { Exec = new V1ExecAction { Command = [.. exec.Command] }, PeriodSeconds = period, FailureThreshold = failures, TimeoutSeconds = timeout },
            _ => throw new DistributedApplicationException($"Resource '{service.Name}': health probe {probe.GetType().Name} has no Kubernetes form."),
        };
        return (Make(period: 2, failures: 60, timeout: 3), Make(period: 10, failures: 3, timeout: 3), Make(period: 20, failures: 3, timeout: 5));
    }

    private static IntOrString PortOf(PublishedService service, string endpoint)
        => PublishingValueResolver.TargetPortOf(service.Endpoints.First(e => e.Name == endpoint));
}
