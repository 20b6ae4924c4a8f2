using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Hosting.Publishing;

namespace Orchestration.Publishing.Tests;

/// <summary>Generated passwords of a local run never reach a published file.</summary>
public class SecretTests
{
    [Fact]
    public async Task No_secret_value_of_a_local_run_appears_in_any_published_file()
    {
        await using var model = await SampleModel.BuildAsync();
        // What a local run would use: the AppHost's secret parameters as Aspire resolves them (generated once into this
        // test's own state folder, the values the runtime hands Aspire). Integrations' generated passwords are no resources
        // of the model: they are found where the model uses them, in connection strings.
        var resources = model.Aspire.Services.GetRequiredService<DistributedApplicationModel>().Resources;
        var seen = new HashSet<object>();
        var parameters = resources.OfType<ParameterResource>()
            .Concat(resources.OfType<IResourceWithConnectionString>().SelectMany(r => ParametersIn(r.ConnectionStringExpression, seen)))
            .Where(p => p.Secret).Distinct().ToList();
        var secrets = new List<string>();
        foreach (var parameter in parameters) secrets.Add((await parameter.GetValueAsync(CancellationToken.None))!);
        Assert.Contains(parameters, p => p.Name == "postgres-password");
        Assert.Contains(parameters, p => p.Name == "minio-root-password");
        Assert.NotEmpty(secrets);
        Assert.All(secrets, s => Assert.False(string.IsNullOrEmpty(s)));

        foreach (var target in Enum.GetValues<PublishTarget>())
        {
            var files = await Publisher.GenerateAsync(model.Services, target, SampleModel.ManifestsFolder(target));
            foreach (var (path, content) in files)
                Assert.DoesNotContain(secrets, secret => content.Contains(secret, StringComparison.Ordinal));
        }
        // And the committed files: no value any machine generated is in them (they hold placeholders only).
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SampleModel.RepositoryRoot, "manifests"), "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(secrets, secret => File.ReadAllText(file).Contains(secret, StringComparison.Ordinal));
    }

    private static IEnumerable<ParameterResource> ParametersIn(object value, HashSet<object> seen)
    {
        if (!seen.Add(value)) yield break;
        if (value is ParameterResource parameter) yield return parameter;
        if (value is IValueWithReferences withReferences)
            foreach (var reference in withReferences.References)
                foreach (var found in ParametersIn(reference, seen)) yield return found;
    }
}
