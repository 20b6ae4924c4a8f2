using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting;

/// <summary>Endpoints: the ports a resource listens on.</summary>
internal static class EndpointExtensions
{
    /// <summary>
    /// An HTTP endpoint. Without <paramref name="port"/> a free loopback port is chosen at start; the
    /// process learns it through <paramref name="env"/> (projects get <c>ASPNETCORE_URLS</c> anyway).
    /// <code>.WithHttpEndpoint(env: "PORT")</code>
    /// </summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, int? targetPort = null, string? name = null, string? env = null, bool isExternal = false)
        where T : IResourceWithEndpoints
        => builder.WithEndpoint(port, targetPort, "http", name ?? "http", env, isExternal);

    /// <summary>An HTTPS endpoint (the process terminates TLS itself).</summary>
    public static IResourceBuilder<T> WithHttpsEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, int? targetPort = null, string? name = null, string? env = null, bool isExternal = false)
        where T : IResourceWithEndpoints
        => builder.WithEndpoint(port, targetPort, "https", name ?? "https", env, isExternal);

    /// <summary>
    /// An endpoint of any scheme (TCP by default): <c>.WithEndpoint(port: 6379, name: "tcp", env: "PORT")</c>.
    /// </summary>
    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, int? targetPort = null, string scheme = "tcp", string? name = null, string? env = null, bool isExternal = false)
        where T : IResourceWithEndpoints
        => builder.WithAnnotation(new EndpointAnnotation(name ?? scheme, scheme, port, targetPort, env, isExternal));

    /// <summary>A reference to one of the resource's endpoints, for expressions and <c>WithReference</c>.</summary>
    public static EndpointReference GetEndpoint<T>(this IResourceBuilder<T> builder, string name) where T : IResourceWithEndpoints
        => new(builder.Resource, name);
}
