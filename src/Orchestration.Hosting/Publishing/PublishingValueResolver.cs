using System.Globalization;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Publishing;

/// <summary>
/// Resolves expressions for a deployment: an endpoint is its resource's service name and container port
/// (<c>postgres:5432</c>), a parameter whatever the target uses to inject it later (<c>${POSTGRES_PASSWORD}</c>,
/// <c>$(POSTGRES_PASSWORD)</c>) — never its value.
/// </summary>
internal sealed class PublishingValueResolver(Func<ParameterResource, string> parameterPlaceholder) : ValueResolver
{
    /// <summary>The container port of endpoints that declare none (an app's HTTP port).</summary>
    public const int DefaultContainerPort = 8080;

    public static int TargetPortOf(EndpointAnnotation endpoint) => endpoint.TargetPort ?? endpoint.Port ?? DefaultContainerPort;

    public override ValueTask<string> ResolveEndpointAsync(EndpointReference endpoint, EndpointProperty property, int replica, CancellationToken cancellationToken)
    {
        var annotation = endpoint.Annotation;
        var host = endpoint.Resource.Name; // every replica is behind the one service name
        var port = TargetPortOf(annotation).ToString(CultureInfo.InvariantCulture);
        return ValueTask.FromResult(property switch
        {
            EndpointProperty.Url => $"{annotation.UriScheme}://{host}:{port}",
            EndpointProperty.Host => host,
            EndpointProperty.Port or EndpointProperty.TargetPort => port,
            EndpointProperty.HostAndPort => $"{host}:{port}",
            EndpointProperty.Scheme => annotation.UriScheme,
            _ => throw new ArgumentOutOfRangeException(nameof(property)),
        });
    }

    public override ValueTask<string?> ResolveParameterAsync(ParameterResource parameter, CancellationToken cancellationToken)
        => ValueTask.FromResult<string?>(parameterPlaceholder(parameter));

    /// <summary><c>postgres-password</c> → <c>POSTGRES_PASSWORD</c>: the variable a parameter travels in.</summary>
    public static string VariableName(ParameterResource parameter) => parameter.Name.ToUpperInvariant().Replace('-', '_');
}
