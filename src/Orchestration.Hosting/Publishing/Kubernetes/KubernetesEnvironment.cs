using k8s.Models;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Publishing.Kubernetes;

/// <summary>
/// A container's environment and arguments in Kubernetes form. A parameter becomes its own variable read
/// from the Secret (or ConfigMap, when not secret) and is used as <c>$(NAME)</c>, which the kubelet expands in
/// later variables and in arguments: a connection string keeps its shape and holds no secret.
/// </summary>
internal sealed class KubernetesEnvironment
{
    public const string SecretName = "stack-secrets";
    public const string ConfigMapName = "stack-config";

    // Literal "$(" is written "$$(" so the kubelet does not take it for a variable.
    private readonly ExpressionRenderer _renderer = new(
        new PublishingValueResolver(p => $"$({PublishingValueResolver.VariableName(p)})"),
        literal => literal.Replace("$(", "$$(", StringComparison.Ordinal));

    public ValueResolver Resolver => _renderer.Resolver;

    /// <summary>Values in the kubelet's syntax: literal <c>$(</c> escaped, parameters as <c>$(NAME)</c>.</summary>
    public ExpressionRenderer Renderer => _renderer;

    public async Task<(List<V1EnvVar> Env, List<string>? Command, List<string>? Args)> RenderAsync(PublishedService service, CancellationToken cancellationToken)
    {
        var parameters = new List<ParameterResource>();
        var command = await _renderer.RenderAllAsync(service.Runtime.Entrypoint, cancellationToken, parameters).ConfigureAwait(false);
        var args = await _renderer.RenderAllAsync(service.Runtime.Args, cancellationToken, parameters).ConfigureAwait(false);
        var values = new List<V1EnvVar>();
        foreach (var (name, value) in service.Environment)
        {
            var rendered = await _renderer.RenderAsync(value, cancellationToken).ConfigureAwait(false);
            parameters.AddRange(rendered.Parameters);
            // A variable that is just a parameter of the same name is the parameter's own variable, declared below.
            if (rendered.Parameters is [var only] && name == PublishingValueResolver.VariableName(only) && rendered.Text == $"$({name})") continue;
            values.Add(new V1EnvVar { Name = name, Value = rendered.Text });
        }
        // Parameters first: $(NAME) expands only variables defined earlier in the list.
        var env = parameters.Distinct().OrderBy(p => PublishingValueResolver.VariableName(p), StringComparer.Ordinal).Select(FromStore).ToList();
        env.AddRange(values);
        return (env, command, args);
    }

    public static string KeyOf(ParameterResource parameter) => PublishingValueResolver.VariableName(parameter);

    private static V1EnvVar FromStore(ParameterResource parameter) => new()
    {
        Name = KeyOf(parameter),
        ValueFrom = parameter.Secret
            ? new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Key = KeyOf(parameter), Name = SecretName } }
            : new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Key = KeyOf(parameter), Name = ConfigMapName } },
    };
}
