using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every service of the stack shares, in the shape of Aspire's ServiceDefaults template:
/// OpenTelemetry (exported over OTLP when the AppHost says where), health checks, service discovery
/// and standard resilience on every <see cref="System.Net.Http.HttpClient"/>.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Readiness: every registered check must pass.</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: only the checks tagged <see cref="LiveTag"/>.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Tag of the health checks that decide liveness.</summary>
    public const string LiveTag = "live";

    /// <summary>Adds telemetry, default health checks, service discovery and HTTP resilience.</summary>
    /// <example><code>builder.AddServiceDefaults(o => o.AddSource("Api"));</code></example>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, Action<ServiceDefaultsOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var options = new ServiceDefaultsOptions();
        configure?.Invoke(options);

        builder.ConfigureOpenTelemetry(options);
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Logs, traces and metrics through OpenTelemetry; the OTLP exporter is added only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The exporter itself reads
    /// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and <c>OTEL_EXPORTER_OTLP_HEADERS</c>.
    /// </summary>
    /// <example><code>builder.ConfigureOpenTelemetry(new ServiceDefaultsOptions().AddSource("Api"));</code></example>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder, ServiceDefaultsOptions? options = null)
        where TBuilder : IHostApplicationBuilder
    {
        options ??= new ServiceDefaultsOptions();

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry();

        // OTEL_SERVICE_NAME (set by the AppHost) wins; without it the SDK would say "unknown_service".
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
        {
            var name = builder.Environment.ApplicationName;
            otel.ConfigureResource(resource => resource.AddService(name));
        }

        otel.WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                foreach (var meter in options.Meters) metrics.AddMeter(meter);
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(builder.Environment.ApplicationName)
                    // The AppHost polls the health endpoints several times a second: keep them out of traces.
                    .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsHealthRequest(context))
                    .AddHttpClientInstrumentation();
                foreach (var source in options.ActivitySources) tracing.AddSource(source);
            });

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    private static readonly string[] OtlpExporterHttpClientNames = ["OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter"];

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // Batching exporters drop what they cannot send, so an endpoint with nobody listening costs
        // a failed connection per batch and never blocks or fails a request.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();

            // Over http/protobuf the exporter takes its HttpClient from IHttpClientFactory, so the HttpClient defaults of AddServiceDefaults
            // would wrap every export in Polly's retries and log each attempt (logs that are exported in turn).
            // The exporter already drops what it cannot send; keep its clients plain.
            foreach (var exporterClient in OtlpExporterHttpClientNames)
            {
#pragma warning disable EXTEXP0001 // Experimental, but the supported way to undo ConfigureHttpClientDefaults for one client.
                builder.Services.AddHttpClient(exporterClient).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
            }
        }
        return builder;
    }

    /// <summary>Adds a liveness check that passes while the process answers.</summary>
    /// <example><code>builder.AddDefaultHealthChecks();</code></example>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (all checks: ready to serve) and <c>/alive</c> (checks tagged "live").
    /// Mapped in every environment: the AppHost, compose healthchecks and Kubernetes probes all use them.
    /// </summary>
    /// <example><code>app.MapDefaultEndpoints();</code></example>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        });
        return app;
    }

    private static bool IsHealthRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments(HealthPath) || context.Request.Path.StartsWithSegments(AlivePath);
}
