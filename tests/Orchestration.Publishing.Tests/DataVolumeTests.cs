using k8s.Models;

namespace Orchestration.Publishing.Tests;

/// <summary>What WithDataVolume() keeps locally is kept when deployed too: a named volume in compose, a claim in Kubernetes.</summary>
public class DataVolumeTests
{
    [Fact]
    public async Task Compose_keeps_redis_data_in_a_named_volume_with_the_append_only_file_on()
    {
        var compose = SampleModel.Find("docker-compose")
            ?? throw new InvalidOperationException("docker-compose is not installed: apt-get install docker-compose (scripts/setup.sh does).");
        var (exitCode, output, errors) = await SampleModel.RunAsync(compose,
            "-f", "manifests/compose/compose.yaml", "--env-file", "manifests/compose/.env.example", "config");
        Assert.True(exitCode == 0, output + errors);
        var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(output);
        var redis = (Dictionary<object, object>)((Dictionary<object, object>)yaml["services"])["redis"];

        var command = ((List<object>)redis["command"]).Cast<string>().ToList();
        Assert.Equal("yes", command[command.IndexOf("--appendonly") + 1]);
        Assert.Equal("/data", command[command.IndexOf("--dir") + 1]);
        Assert.Contains(((List<object>)redis["volumes"]).Select(v => v.ToString()!), v => v.StartsWith("redis-data:/data", StringComparison.Ordinal));
        Assert.Contains("redis-data", ((Dictionary<object, object>)yaml["volumes"]).Keys.Cast<string>());
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Kubernetes_keeps_redis_data_in_a_persistent_volume_claim_mounted_at_its_dir(string overlay)
    {
        var objects = await KubernetesValidationTests.RenderAsync(overlay);
        var redis = objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "redis");

        var claim = Assert.Single(redis.Spec.VolumeClaimTemplates);
        Assert.Equal("redis-data", claim.Metadata.Name);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        var container = redis.Spec.Template.Spec.Containers.Single(c => c.Name == "redis");
        Assert.Contains(container.VolumeMounts, m => m is { Name: "redis-data", MountPath: "/data" });
        Assert.Equal("yes", container.Args[container.Args.IndexOf("--appendonly") + 1]);
    }
}
