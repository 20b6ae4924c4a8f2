namespace Orchestration.Publishing.Tests;

/// <summary>The committed compose file passes Debian's docker-compose (v1), which validates without an engine.</summary>
public class ComposeValidationTests
{
    [Fact]
    public async Task Docker_compose_accepts_the_file_with_the_example_env_file()
    {
        var compose = SampleModel.Find("docker-compose")
            ?? throw new InvalidOperationException("docker-compose is not installed: apt-get install docker-compose (scripts/setup.sh does).");
        var (exitCode, output, errors) = await SampleModel.RunAsync(compose,
            "-f", "manifests/compose/compose.yaml", "--env-file", "manifests/compose/.env.example", "config", "-q");
        Assert.True(exitCode == 0, output + errors);
    }

    [Fact]
    public async Task Only_the_gateway_publishes_a_host_port_and_every_long_running_service_has_a_healthcheck()
    {
        var compose = SampleModel.Find("docker-compose")
            ?? throw new InvalidOperationException("docker-compose is not installed: apt-get install docker-compose (scripts/setup.sh does).");
        // The resolved form (`config`) is what compose would run: interpolated, normalised, as JSON-compatible YAML.
        var (exitCode, output, errors) = await SampleModel.RunAsync(compose,
            "-f", "manifests/compose/compose.yaml", "--env-file", "manifests/compose/.env.example", "config");
        Assert.True(exitCode == 0, output + errors);
        var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(output);
        var services = (Dictionary<object, object>)yaml["services"];
        Assert.Equal(["api", "gateway", "minio", "minio-setup", "postgres", "redis", "worker"], services.Keys.Select(k => (string)k).Order());
        foreach (var (name, value) in services)
        {
            var service = (Dictionary<object, object>)value;
            var oneShot = name is "minio-setup"; // makes the buckets, then exits
            Assert.True(oneShot != service.ContainsKey("healthcheck"), $"{name}: healthcheck");
            Assert.Equal(name is "gateway", service.ContainsKey("ports"));
            Assert.Equal(oneShot ? "no" : "unless-stopped", service["restart"]);
        }
        string Condition(string service, string dependency)
            => (string)((Dictionary<object, object>)((Dictionary<object, object>)((Dictionary<object, object>)services[service])["depends_on"])[dependency])["condition"];
        Assert.Equal("service_healthy", Condition("minio-setup", "minio"));
        foreach (var app in new[] { "api", "worker" })
        {
            Assert.Equal(["minio", "minio-setup", "postgres", "redis"], ((Dictionary<object, object>)((Dictionary<object, object>)services[app])["depends_on"]).Keys.Select(k => (string)k).Order());
            Assert.All(new[] { "minio", "postgres", "redis" }, d => Assert.Equal("service_healthy", Condition(app, d)));
            Assert.Equal("service_completed_successfully", Condition(app, "minio-setup")); // the bucket exists before they start
        }
    }
}
