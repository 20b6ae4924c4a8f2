using k8s.Models;

namespace Orchestration.Hosting.Publishing.Kubernetes;

/// <summary>A public service's Ingress (networking.k8s.io/v1): one host, TLS, every path to the service's public port.</summary>
internal static class KubernetesIngress
{
    public static V1Ingress For(PublishedService service, string host, string tlsSecret, string partOf)
    {
        var endpoint = service.Endpoints.First(e => e.Port is not null || e.IsExternal);
        return new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1", Kind = "Ingress",
            Metadata = KubernetesWorkloads.Meta(service.Name, KubernetesWorkloads.Labels(service.Name, partOf)),
            Spec = new V1IngressSpec
            {
                Tls = [new V1IngressTLS { Hosts = [host], SecretName = tlsSecret }],
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = host,
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = "/", PathType = "Prefix",
                                    Backend = new V1IngressBackend
                                    {
                                        Service = new V1IngressServiceBackend { Name = service.Name, Port = new V1ServiceBackendPort { Name = endpoint.Name } },
                                    },
                                },
                            ],
                        },
                    },
                ],
            },
        };
    }
}
