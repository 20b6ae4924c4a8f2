using System.Globalization;
using System.Text;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Publishing;

/// <summary>
/// Writes a value (a string or an expression) in one target's syntax: literals escaped where the target
/// interpolates (<c>$</c> in compose), parameters as the target's placeholders, and remembers which
/// parameters a value used (Kubernetes declares each one's secret reference before the value).
/// </summary>
internal sealed class ExpressionRenderer(ValueResolver resolver, Func<string, string> escapeLiteral)
{
    public ValueResolver Resolver => resolver;

    public async Task<RenderedValue> RenderAsync(object value, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var parameters = new List<ParameterResource>();
        await AppendAsync(value, text, parameters, cancellationToken).ConfigureAwait(false);
        return new RenderedValue(text.ToString(), parameters.Distinct().ToList());
    }

    /// <summary>
    /// A command line (entrypoint, arguments) in the target's syntax, one string per value; null stays null.
    /// The parameters it uses are added to <paramref name="parameters"/> when given.
    /// </summary>
    public async Task<List<string>?> RenderAllAsync(IReadOnlyList<object>? values, CancellationToken cancellationToken, List<ParameterResource>? parameters = null)
    {
        if (values is null) return null;
        var result = new List<string>(values.Count);
        foreach (var value in values)
        {
            var rendered = await RenderAsync(value, cancellationToken).ConfigureAwait(false);
            parameters?.AddRange(rendered.Parameters);
            result.Add(rendered.Text);
        }
        return result;
    }

    private async Task AppendAsync(object value, StringBuilder text, List<ParameterResource> parameters, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case string literal:
                text.Append(escapeLiteral(literal));
                break;
            case ParameterResource parameter:
                parameters.Add(parameter);
                text.Append(await resolver.ResolveParameterAsync(parameter, cancellationToken).ConfigureAwait(false));
                break;
            case ReferenceExpression expression:
                foreach (var segment in expression.Segments) await AppendAsync(segment, text, parameters, cancellationToken).ConfigureAwait(false);
                break;
            case IResourceWithConnectionString resource:
                await AppendAsync(resource.ConnectionStringExpression, text, parameters, cancellationToken).ConfigureAwait(false);
                break;
            case IValueProvider provider:
                // Endpoints: service names and ports, which hold nothing to escape; escaped anyway for other providers.
                text.Append(escapeLiteral(await provider.GetValueAsync(resolver, cancellationToken).ConfigureAwait(false) ?? ""));
                break;
            default:
                text.Append(escapeLiteral(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
                break;
        }
    }
}

/// <summary>A value in a target's syntax and the parameters it uses.</summary>
internal sealed record RenderedValue(string Text, IReadOnlyList<ParameterResource> Parameters);
