using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>
/// Translates an Aspire value (expression, endpoint, parameter, connection string) into the engine's value
/// over the lowered resources, so the engine's one evaluator resolves it: to <c>127.0.0.1:54321</c> locally,
/// to a service name in compose, a Service DNS name and a secret reference in Kubernetes — and knows which
/// parts are secret. A value with a leaf the engine has no counterpart for is left to Aspire's own evaluation.
/// </summary>
internal sealed partial class AspireValueTranslator(
    Func<IResource, NativeModel.IResource?> nativeOf,
    Func<ParameterResource, NativeModel.ParameterResource> parameterOf)
{
    public NativeModel.IValueProvider Translate(object? value) => TryTranslate(value) ?? new AspireValue(value);

    private NativeModel.IValueProvider? TryTranslate(object? value) => value switch
    {
        null => null,
        string s => NativeModel.ReferenceExpression.Literal(s),
        ParameterResource p => parameterOf(p),
        EndpointReference e => Endpoint(e) is { } endpoint ? endpoint : null,
        EndpointReferenceExpression x => Endpoint(x.Endpoint) is { } endpoint && Property(x.Property) is { } property ? endpoint.Property(property) : null,
        ReferenceExpression r => Expression(r),
        ConnectionStringReference c => TryTranslate(c.Resource.ConnectionStringExpression),
        IResourceWithConnectionString c => TryTranslate(c.ConnectionStringExpression),
        IResourceBuilder<IResource> b => TryTranslate(b.Resource),
        _ => null,
    };

    private NativeModel.EndpointReference? Endpoint(EndpointReference endpoint) =>
        nativeOf(endpoint.Resource) is NativeModel.IResourceWithEndpoints native
        && native.Annotations.OfType<NativeModel.EndpointAnnotation>().Any(e => e.Name == endpoint.EndpointName)
            ? new NativeModel.EndpointReference(native, endpoint.EndpointName)
            : null;

    private static NativeModel.EndpointProperty? Property(EndpointProperty property) => property switch
    {
        EndpointProperty.Url => NativeModel.EndpointProperty.Url,
        EndpointProperty.Host or EndpointProperty.IPV4Host => NativeModel.EndpointProperty.Host,
        EndpointProperty.Port => NativeModel.EndpointProperty.Port,
        EndpointProperty.Scheme => NativeModel.EndpointProperty.Scheme,
        EndpointProperty.TargetPort => NativeModel.EndpointProperty.TargetPort,
        EndpointProperty.HostAndPort => NativeModel.EndpointProperty.HostAndPort,
        _ => null,
    };

    /// <summary>Aspire keeps an expression as a composite format (<c>Host={0};Port={1}</c>) and its value providers.</summary>
    private NativeModel.ReferenceExpression? Expression(ReferenceExpression expression)
    {
        var providers = expression.ValueProviders;
        var segments = new List<object>();
        var last = 0;
        foreach (Match hole in Placeholder().Matches(expression.Format))
        {
            // A format specifier (e.g. URL-encoding) is Aspire's own rendering: leave such an expression to Aspire.
            if (hole.Groups[2].Success) return null;
            segments.Add(Unescape(expression.Format[last..hole.Index]));
            var index = int.Parse(hole.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (index >= providers.Count || TryTranslate(providers[index]) is not { } translated) return null;
            segments.Add(translated);
            last = hole.Index + hole.Length;
        }
        segments.Add(Unescape(expression.Format[last..]));
        return new NativeModel.ReferenceExpression([.. segments.Where(s => s is not "")]);
    }

    /// <summary>A literal part of an Aspire expression's composite format, with its doubled braces single again.</summary>
    public static string Unescape(string literal) => literal.Replace("{{", "{").Replace("}}", "}");

    [GeneratedRegex(@"(?<!\{)\{(\d+)(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
