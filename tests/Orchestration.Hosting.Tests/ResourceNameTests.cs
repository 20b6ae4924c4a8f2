using System.Text.RegularExpressions;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Tests;

/// <summary>
/// Resource names become DNS names in every publisher, so a bad one fails validation, before anything
/// starts, listed with the model's other problems, with a message that states the rule and offers a
/// name that would work.
/// </summary>
public sealed class ResourceNameTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-names-").FullName;

    private IDistributedApplicationBuilder NewBuilder() => DistributedApplication.CreateBuilder(new DistributedApplicationOptions
    {
        AppHostDirectory = _dir,
        StateDirectory = Path.Combine(_dir, "state"),
        Output = TextWriter.Null,
    });

    /// <summary>The one problem validation finds (it must find exactly one).</summary>
    private static async Task<string> TheProblemAsync(IDistributedApplicationBuilder builder)
    {
        await using var app = builder.Build();
        var e = await Assert.ThrowsAsync<ModelValidationException>(() => app.StartAsync());
        return Assert.Single(e.Problems);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("MyApi", "myapi")]
    [InlineData("my_api", "my-api")]
    [InlineData("1api", "r-1api")]
    [InlineData("api-", "api")]
    public async Task An_invalid_name_is_refused_with_the_rule_and_a_valid_suggestion(string name, string suggestion)
    {
        var builder = NewBuilder();
        builder.AddExecutable(name, "python3", ".");

        var problem = await TheProblemAsync(builder);

        Assert.Contains($"'{name}'", problem);
        Assert.Contains("lowercase letters, digits and '-'", problem);
        Assert.Contains("starting with a letter", problem);
        Assert.Contains("not ending with '-'", problem);
        Assert.Contains($"e.g. '{suggestion}'", problem);
        // The suggestion is only useful if it would itself be accepted.
        Assert.Null(ResourceName.Check(suggestion));
        Assert.False(Directory.Exists(Path.Combine(_dir, "state")), "validation wrote the state folder");
    }

    [Fact]
    public async Task An_integration_with_a_bad_name_is_reported_as_itself_not_by_the_names_derived_from_it()
    {
        var builder = NewBuilder();
        builder.AddRedis("Cache");

        var problem = await TheProblemAsync(builder);

        Assert.Contains("Resource name 'Cache' is invalid", problem);
        Assert.Contains("e.g. 'cache'", problem);
    }

    [Fact]
    public async Task AddResource_applies_the_same_rule_as_AddExecutable()
    {
        var builder = NewBuilder();
        builder.AddResource(new ParameterResource("Db_Password", secret: true, null));

        await using var app = builder.Build();
        var problem = (await Assert.ThrowsAsync<ModelValidationException>(() => app.StartAsync())).Problems[0];

        Assert.Contains("lowercase letters, digits and '-'", problem);
        Assert.Contains("e.g. 'db-password'", problem);
    }

    [Fact]
    public async Task A_name_of_64_characters_is_refused_naming_the_limit()
    {
        var builder = NewBuilder();
        builder.AddExecutable(new string('a', 64), "python3", ".");

        var problem = await TheProblemAsync(builder);

        Assert.Contains("64 characters", problem);
        Assert.Contains("at most 63", problem);
        Assert.Contains("DNS", problem);
    }

    [Fact]
    public void A_name_of_63_characters_is_accepted()
    {
        var builder = NewBuilder();
        var name = "a" + new string('b', 61) + "9";

        var resource = builder.AddExecutable(name, "python3", ".").Resource;

        Assert.Equal(63, resource.Name.Length);
        Assert.Same(resource, Assert.Single(builder.Resources));
    }

    [Fact]
    public async Task A_duplicate_name_is_refused_even_across_resource_kinds()
    {
        var builder = NewBuilder();
        builder.AddExecutable("api", "python3", ".");
        builder.AddExecutable("api", "python3", ".");
        builder.AddParameter("api", "x");

        await using var app = builder.Build();
        var e = await Assert.ThrowsAsync<ModelValidationException>(() => app.StartAsync());

        Assert.Equal(2, e.Problems.Count(p => new Regex("'api'.*unique").IsMatch(p)));
    }
}
