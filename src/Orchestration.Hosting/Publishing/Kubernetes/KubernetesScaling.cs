using k8s.Models;

namespace Orchestration.Hosting.Publishing.Kubernetes;

/// <summary>Production's availability objects: a PodDisruptionBudget and a CPU-based HorizontalPodAutoscaler.</summary>
internal static class KubernetesScaling
{
    public static V1PodDisruptionBudget DisruptionBudget(PublishedService service, string partOf) => new()
    {
        ApiVersion = "policy/v1", Kind = "PodDisruptionBudget",
        Metadata = KubernetesWorkloads.Meta(service.Name, KubernetesWorkloads.Labels(service.Name, partOf)),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [KubernetesWorkloads.NameLabel] = service.Name } },
        },
    };

    public static V2HorizontalPodAutoscaler Autoscaler(PublishedService service, string partOf, int minReplicas) => new()
    {
        ApiVersion = "autoscaling/v2", Kind = "HorizontalPodAutoscaler",
        Metadata = KubernetesWorkloads.Meta(service.Name, KubernetesWorkloads.Labels(service.Name, partOf)),
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { Kind = "Deployment", Name = service.Name, ApiVersion = "apps/v1" },
            MinReplicas = minReplicas,
            MaxReplicas = minReplicas * 4,
            Metrics =
            [
                new V2MetricSpec
                {
                    Type = "Resource",
                    Resource = new V2ResourceMetricSource { Name = "cpu", Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = 70 } },
                },
            ],
        },
    };
}
