using System.Runtime.CompilerServices;
using System.Text;

namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A string built from literals and deferred values: the one type used for connection strings,
/// environment values and arguments. Build it with string interpolation:
/// <code>ReferenceExpression.Create($"Host={endpoint.Property(EndpointProperty.Host)};Password={password}")</code>
/// </summary>
internal sealed class ReferenceExpression : IValueProvider
{
    internal ReferenceExpression(IReadOnlyList<object> segments) => Segments = segments;

    /// <summary>The parts in order: each is a literal <see cref="string"/> or an <see cref="IValueProvider"/>.</summary>
    public IReadOnlyList<object> Segments { get; }

    /// <summary>The deferred values the expression depends on.</summary>
    public IEnumerable<IValueProvider> ValueProviders => Segments.OfType<IValueProvider>();

    /// <summary>Builds an expression from an interpolated string.</summary>
    public static ReferenceExpression Create(in ExpressionInterpolatedStringHandler handler) => new(handler.ToSegments());

    /// <summary>An expression of one literal.</summary>
    public static ReferenceExpression Literal(string value) => new([value]);

    /// <summary>An expression of one deferred value.</summary>
    public static ReferenceExpression Of(IValueProvider value) => value as ReferenceExpression ?? new([value]);

    /// <inheritdoc />
    public async ValueTask<string?> GetValueAsync(ValueResolver resolver, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        foreach (var segment in Segments)
        {
            text.Append(segment is IValueProvider provider
                ? await provider.GetValueAsync(resolver, cancellationToken).ConfigureAwait(false)
                : (string)segment);
        }
        return text.ToString();
    }

    /// <summary>A readable form for diagnostics: deferred values are shown as <c>{...}</c> placeholders.</summary>
    public override string ToString() => string.Concat(Segments.Select(s => s switch
    {
        string literal => literal,
        ReferenceExpression nested => nested.ToString(),
        _ => $"{{{Describe(s)}}}",
    }));

    private static string Describe(object provider) => provider switch
    {
        EndpointReferenceExpression e => $"{e.Endpoint.Resource.Name}.{e.Endpoint.EndpointName}.{e.Property.ToString().ToLowerInvariant()}",
        EndpointReference e => $"{e.Resource.Name}.{e.EndpointName}.url",
        IResource r => r.Name,
        _ => provider.GetType().Name,
    };
}

/// <summary>Collects the parts of an interpolated string into a <see cref="ReferenceExpression"/>.</summary>
[InterpolatedStringHandler]
internal ref struct ExpressionInterpolatedStringHandler
{
    private readonly List<object> _segments;

    /// <summary>Called by the compiler.</summary>
    public ExpressionInterpolatedStringHandler(int literalLength, int formattedCount) => _segments = new(formattedCount * 2 + 1);

    /// <summary>Called by the compiler for literal text.</summary>
    public readonly void AppendLiteral(string value) => _segments.Add(value);

    /// <summary>Called by the compiler for a string hole: taken as a literal.</summary>
    public readonly void AppendFormatted(string? value) => _segments.Add(value ?? "");

    /// <summary>Called by the compiler for a deferred value.</summary>
    public readonly void AppendFormatted(IValueProvider value) => _segments.Add(value);

    /// <summary>Called by the compiler for a builder of a deferred value (a parameter, a connection string).</summary>
    public readonly void AppendFormatted<T>(IResourceBuilder<T> value) where T : IResource
        => _segments.Add(value.Resource as IValueProvider
            ?? throw new ArgumentException($"Resource '{value.Resource.Name}' has no value to put in an expression."));

    /// <summary>Called by the compiler for any other hole (numbers, ...): formatted invariantly, as a literal.</summary>
    public readonly void AppendFormatted<T>(T value)
    {
        if (value is IValueProvider provider) _segments.Add(provider);
        else _segments.Add(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
    }

    internal readonly IReadOnlyList<object> ToSegments() => _segments;
}
