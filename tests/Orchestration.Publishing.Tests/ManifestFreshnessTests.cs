using Orchestration.Hosting.Publishing;

namespace Orchestration.Publishing.Tests;

/// <summary>manifests/ is committed: it must be what the model generates today, file for file.</summary>
public class ManifestFreshnessTests
{
    [Theory]
    [InlineData(PublishTarget.Manifest)]
    [InlineData(PublishTarget.Compose)]
    [InlineData(PublishTarget.Kubernetes)]
    public async Task Committed_manifests_are_what_the_model_generates(PublishTarget target)
    {
        var generated = await SampleModel.GenerateAsync(target);
        var folder = SampleModel.ManifestsFolder(target);
        var regenerate = $"regenerate them: dotnet run --project AppHost -- publish --target {target.ToString().ToLowerInvariant()}";

        foreach (var (path, content) in generated)
        {
            var file = Path.Combine(folder, path);
            Assert.True(File.Exists(file), $"manifests/{target.ToString().ToLowerInvariant()}/{path} is missing; {regenerate}");
            Assert.True(File.ReadAllText(file) == content, $"manifests/{target.ToString().ToLowerInvariant()}/{path} is stale; {regenerate}");
        }
        // Files the model no longer makes (a removed service) are stale too; filled-in secrets files are the user's.
        var extra = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !generated.ContainsKey(f) && f != ".env" && !f.EndsWith("secrets.env", StringComparison.Ordinal))
            .ToList();
        Assert.True(extra.Count == 0, $"not generated any more: {string.Join(", ", extra)}; delete them and {regenerate}");
    }

    [Fact]
    public async Task Publishing_twice_writes_the_same_bytes()
    {
        var output = Directory.CreateTempSubdirectory("publish-twice-").FullName;
        try
        {
            await using var model = await SampleModel.BuildAsync();
            foreach (var target in Enum.GetValues<PublishTarget>())
                await Publisher.PublishAsync(model.Services, target, Path.Combine(output, target.ToString()));
            var first = Snapshot(output);
            foreach (var target in Enum.GetValues<PublishTarget>())
                await Publisher.PublishAsync(model.Services, target, Path.Combine(output, target.ToString()));
            Assert.Equal(first, Snapshot(output));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static SortedDictionary<string, string> Snapshot(string folder) => new(
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText),
        StringComparer.Ordinal);
}
