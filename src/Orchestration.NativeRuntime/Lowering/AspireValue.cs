using Aspire.Hosting.ApplicationModel;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>
/// An Aspire value (a string, a parameter, an endpoint, an expression, a connection string) as the
/// engine's value. It resolves through Aspire's own evaluation, once endpoints are allocated and
/// parameters seeded, so every format Aspire writes (connection strings, <c>services__…</c>) is its own.
/// </summary>
internal sealed class AspireValue(object? value) : NativeModel.IValueProvider
{
    public object? Value { get; } = value;

    public ValueTask<string?> GetValueAsync(NativeModel.ValueResolver resolver, CancellationToken cancellationToken = default)
        => EvaluateAsync(Value, cancellationToken);

    public static async ValueTask<string?> EvaluateAsync(object? value, CancellationToken cancellationToken) => value switch
    {
        null => null,
        string s => s,
        IValueProvider provider => await provider.GetValueAsync(cancellationToken).ConfigureAwait(false),
        IResourceBuilder<IResource> { Resource: IValueProvider provider } => await provider.GetValueAsync(cancellationToken).ConfigureAwait(false),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Every parameter a value reads, however deep in expressions and connection strings.</summary>
    public static IEnumerable<ParameterResource> ParametersIn(object? value) => value switch
    {
        ParameterResource p => [p],
        ReferenceExpression e => e.ValueProviders.SelectMany(ParametersIn),
        IResourceWithConnectionString c => ParametersIn(c.ConnectionStringExpression),
        ConnectionStringReference r => ParametersIn(r.Resource.ConnectionStringExpression),
        IResourceBuilder<IResource> b => ParametersIn(b.Resource),
        _ => [],
    };
}
