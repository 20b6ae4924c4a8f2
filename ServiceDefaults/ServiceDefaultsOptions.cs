namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What a service adds to the shared defaults: its own <see cref="System.Diagnostics.ActivitySource"/>
/// and <see cref="System.Diagnostics.Metrics.Meter"/> names, so their spans and instruments are exported too.
/// </summary>
/// <example><code>builder.AddServiceDefaults(o => o.AddSource("Api").AddMeter("Api"));</code></example>
public sealed class ServiceDefaultsOptions
{
    /// <summary>Activity source names whose spans are recorded and exported.</summary>
    public IList<string> ActivitySources { get; } = [];

    /// <summary>Meter names whose instruments are collected and exported.</summary>
    public IList<string> Meters { get; } = [];

    /// <summary>Records and exports the spans of the named activity sources.</summary>
    /// <example><code>options.AddSource("Api");</code></example>
    public ServiceDefaultsOptions AddSource(params string[] names)
    {
        foreach (var name in names) ActivitySources.Add(name);
        return this;
    }

    /// <summary>Collects and exports the instruments of the named meters.</summary>
    /// <example><code>options.AddMeter("Api");</code></example>
    public ServiceDefaultsOptions AddMeter(params string[] names)
    {
        foreach (var name in names) Meters.Add(name);
        return this;
    }
}
