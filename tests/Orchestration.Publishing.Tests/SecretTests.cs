using Microsoft.Extensions.DependencyInjection;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;
using Orchestration.Hosting.Publishing;

namespace Orchestration.Publishing.Tests;

/// <summary>Generated passwords of a local run never reach a published file.</summary>
public class SecretTests
{
    [Fact]
    public async Task No_secret_value_of_a_local_run_appears_in_any_published_file()
    {
        await using var app = await SampleModel.BuildAsync();
        var services = app.Application.Services;
        // What a local run would use: generated once into this test's own state folder.
        var values = services.GetRequiredService<ParameterValues>();
        var secrets = services.GetRequiredService<Orchestration.Hosting.DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Where(p => p.Secret).Select(values.Get).ToList();
        Assert.NotEmpty(secrets);

        foreach (var target in Enum.GetValues<PublishTarget>())
        {
            var files = await Publisher.GenerateAsync(services, target, SampleModel.ManifestsFolder(target));
            foreach (var (path, content) in files)
                Assert.DoesNotContain(secrets, secret => content.Contains(secret, StringComparison.Ordinal));
        }
        // And the committed files: no value any machine generated is in them (they hold placeholders only).
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SampleModel.RepositoryRoot, "manifests"), "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(secrets, secret => File.ReadAllText(file).Contains(secret, StringComparison.Ordinal));
    }
}
