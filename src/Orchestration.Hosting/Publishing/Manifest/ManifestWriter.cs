using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Publishing.Manifest;

/// <summary>
/// <c>manifest.json</c>: the model for tools and reviewers. Values stay expressions
/// (<c>{postgres.bindings.tcp.host}</c>, <c>{postgres-password.value}</c>); parameters are listed with their
/// secret flag and where a value comes from, never the value of a secret.
/// </summary>
internal static class ManifestWriter
{
    public const string FileName = "manifest.json";

    public static async Task WriteAsync(PublishedModel model, PublishOutput output, CancellationToken cancellationToken)
    {
        var renderer = new ExpressionRenderer(new ManifestValueResolver(), literal => literal);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "orchestration-manifest/v1");
            json.WriteStartObject("resources");
            foreach (var service in model.Services)
                await WriteServiceAsync(json, service, renderer, output, cancellationToken).ConfigureAwait(false);
            json.WriteEndObject();
            WriteParameters(json, model.Parameters);
            json.WriteEndObject();
        }
        output.Add(FileName, Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }

    /// <summary>A command line as a JSON array; left out when there is none.</summary>
    private static void WriteArray(Utf8JsonWriter json, string name, List<string>? values)
    {
        if (values is null) return;
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }

    private static async Task WriteServiceAsync(Utf8JsonWriter json, PublishedService service, ExpressionRenderer renderer, PublishOutput output, CancellationToken cancellationToken)
    {
        json.WriteStartObject(service.Name);
        json.WriteString("type", service.Resource is Resource r ? r.TypeName : service.Resource.GetType().Name);
        json.WriteString("image", service.Image);
        if (service.Runtime.Build is { } build)
        {
            json.WriteStartObject("build");
            json.WriteString("context", output.Relative(build.ContextDirectory));
            json.WriteEndObject();
        }
        if (service.SetupOf is { } parent) json.WriteString("setupOf", parent);
        WriteArray(json, "entrypoint", await renderer.RenderAllAsync(service.Runtime.Entrypoint, cancellationToken).ConfigureAwait(false));
        WriteArray(json, "args", await renderer.RenderAllAsync(service.Runtime.Args, cancellationToken).ConfigureAwait(false));
        json.WriteStartObject("env");
        foreach (var (name, value) in service.Environment)
            json.WriteString(name, (await renderer.RenderAsync(value, cancellationToken).ConfigureAwait(false)).Text);
        json.WriteEndObject();

        json.WriteStartObject("bindings");
        foreach (var endpoint in service.Endpoints)
        {
            json.WriteStartObject(endpoint.Name);
            json.WriteString("scheme", endpoint.UriScheme);
            json.WriteNumber("targetPort", PublishingValueResolver.TargetPortOf(endpoint));
            if (endpoint.Port is { } port) json.WriteNumber("port", port);
            json.WriteBoolean("external", endpoint.IsExternal || endpoint.Port is not null);
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteStartArray("volumes");
        foreach (var mount in service.Mounts)
        {
            json.WriteStartObject();
            json.WriteString(mount.IsVolume ? "name" : "source", mount.IsVolume ? mount.Source : output.Relative(mount.Source!));
            json.WriteString("target", mount.Target);
            json.WriteBoolean("readOnly", mount.IsReadOnly);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        if (service.Probe is { } probe)
        {
            json.WriteStartObject("healthCheck");
            switch (probe)
            {
                case HttpHealthProbe http:
                    json.WriteString("kind", "http");
                    json.WriteString("endpoint", http.EndpointName);
                    json.WriteString("path", http.Path);
                    json.WriteNumber("status", http.StatusCode);
                    break;
                case TcpHealthProbe tcp:
                    json.WriteString("kind", "tcp");
                    json.WriteString("endpoint", tcp.EndpointName);
                    break;
                case ExecHealthProbe exec:
                    json.WriteString("kind", "exec");
                    json.WriteStartArray("command");
                    foreach (var part in exec.Command) json.WriteStringValue(part);
                    json.WriteEndArray();
                    break;
            }
            json.WriteEndObject();
        }

        json.WriteStartArray("dependsOn");
        foreach (var wait in service.Waits)
        {
            json.WriteStartObject();
            json.WriteString("resource", wait.Service);
            json.WriteString("condition", wait.Type == WaitType.UntilCompleted ? "completed" : "healthy");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("references");
        foreach (var reference in service.References) json.WriteStringValue(reference);
        json.WriteEndArray();
        json.WriteNumber("replicas", service.Replicas);
        json.WriteEndObject();
    }

    private static void WriteParameters(Utf8JsonWriter json, IReadOnlyList<ParameterResource> parameters)
    {
        json.WriteStartObject("parameters");
        foreach (var parameter in parameters)
        {
            json.WriteStartObject(parameter.Name);
            json.WriteBoolean("secret", parameter.Secret);
            json.WriteString("configurationKey", parameter.ConfigurationKey);
            json.WriteString("default", parameter.Default switch
            {
                null => "required",
                // Made once and kept per machine: this engine's generated secrets, and those of a model lowered from Aspire's.
                { Persist: true } => "generated",
                ConstantParameterDefault => "constant",
                _ => "computed",
            });
            // A constant default of a public parameter is configuration, not a secret: shown so the manifest says what runs.
            if (!parameter.Secret && parameter.Default is ConstantParameterDefault constant) json.WriteString("value", constant.GetDefaultValue());
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>Endpoints and parameters as named placeholders, in the manifest's own notation.</summary>
    private sealed class ManifestValueResolver : ValueResolver
    {
        public override ValueTask<string> ResolveEndpointAsync(EndpointReference endpoint, EndpointProperty property, int replica, CancellationToken cancellationToken)
            => ValueTask.FromResult($"{{{endpoint.Resource.Name}.bindings.{endpoint.EndpointName}.{property.ToString().ToLowerInvariant()}}}");

        public override ValueTask<string?> ResolveParameterAsync(ParameterResource parameter, CancellationToken cancellationToken)
            => ValueTask.FromResult<string?>($"{{{parameter.Name}.value}}");
    }
}
