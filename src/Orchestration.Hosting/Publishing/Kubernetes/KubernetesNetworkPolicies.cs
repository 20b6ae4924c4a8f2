using k8s.Models;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Publishing.Kubernetes;

/// <summary>
/// Deny all ingress, then open each service to exactly the services that reference it (WithReference,
/// routes, its setup) or check its setup's effect, on its ports; public services (the gateway) are open to everyone on theirs.
/// </summary>
internal static class KubernetesNetworkPolicies
{
    public static List<object> Create(PublishedModel model, string partOf)
    {
        var policies = new List<object>
        {
            new V1NetworkPolicy
            {
                ApiVersion = "networking.k8s.io/v1", Kind = "NetworkPolicy",
                Metadata = new V1ObjectMeta { Name = "default-deny-ingress", Labels = new Dictionary<string, string> { [KubernetesWorkloads.PartOfLabel] = partOf } },
                Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress"] },
            },
        };
        foreach (var service in model.Services.Where(s => s.Endpoints.Count > 0))
        {
            // Clients: what references it, and what connects from an init container: a WaitFor's port check, a setup's check.
            var checkers = model.Services.Where(s => s.SetupOf == service.Name && s.ReadyCheck is not null).Select(s => s.Name).ToList();
            var clients = model.Services.Where(s => s.References.Contains(service.Name)
                    || s.Waits.Any(w => (w.Service == service.Name && w.Type == WaitType.UntilHealthy) || checkers.Contains(w.Service)))
                .Select(s => s.Name).Distinct().ToList();
            if (clients.Count == 0 && !service.IsPublic) continue;
            var from = service.IsPublic ? null : clients.Select(c => new V1NetworkPolicyPeer
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [KubernetesWorkloads.NameLabel] = c } },
            }).ToList();
            policies.Add(new V1NetworkPolicy
            {
                ApiVersion = "networking.k8s.io/v1", Kind = "NetworkPolicy",
                Metadata = KubernetesWorkloads.Meta($"allow-to-{service.Name}", KubernetesWorkloads.Labels(service.Name, partOf)),
                Spec = new V1NetworkPolicySpec
                {
                    PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [KubernetesWorkloads.NameLabel] = service.Name } },
                    PolicyTypes = ["Ingress"],
                    Ingress =
                    [
                        new V1NetworkPolicyIngressRule
                        {
                            FromProperty = from,
                            Ports = service.Endpoints.Select(e => new V1NetworkPolicyPort { Port = e.Name, Protocol = "TCP" }).ToList(),
                        },
                    ],
                },
            });
        }
        return policies;
    }
}
