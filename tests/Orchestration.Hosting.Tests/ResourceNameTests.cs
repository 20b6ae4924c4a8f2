namespace Orchestration.Hosting.Tests;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using ResourceName = global::Orchestration.Hosting.ApplicationModel.ResourceName;

/// <summary>
/// Resource names become DNS names in every publisher. Aspire refuses some bad names itself where they are written
/// (an underscore, a leading digit, a trailing '-', a duplicate); the rest (an uppercase letter, 64 characters) fail
/// the native runtime's validation, before anything starts, listed with the model's other problems, with a message
/// that states the rule and offers a name that would work.
/// </summary>
public sealed class ResourceNameTests : IAsyncDisposable
{
    private readonly TestStack _stack = new();

    private IDistributedApplicationBuilder Builder => _stack.Builder;

    /// <summary>The one problem validation finds (it must find exactly one).</summary>
    private async Task<string> TheProblemAsync()
    {
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(_stack.StartAsync);
        return Assert.Single(ValidationTests.Problems(e.Message));
    }

    public ValueTask DisposeAsync() => _stack.DisposeAsync();

    [Theory]
    [InlineData("MyApi", "myapi")]
    [InlineData("Api-V2", "api-v2")]
    public async Task An_invalid_name_is_refused_with_the_rule_and_a_valid_suggestion(string name, string suggestion)
    {
        Builder.AddExecutable(name, "python3", ".");

        var problem = await TheProblemAsync();

        Assert.Contains($"'{name}'", problem);
        Assert.Contains("lowercase letters, digits and '-'", problem);
        Assert.Contains("starting with a letter", problem);
        Assert.Contains("not ending with '-'", problem);
        Assert.Contains($"e.g. '{suggestion}'", problem);
        // The suggestion is only useful if it would itself be accepted.
        Assert.Null(ResourceName.Check(suggestion));
        Assert.False(Directory.Exists(Path.Combine(_stack.Directory, "state")), "validation wrote the state folder");
    }

    [Theory]
    [InlineData("my_api")]
    [InlineData("1api")]
    [InlineData("api-")]
    public void A_name_Aspire_refuses_is_refused_where_it_is_written(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Builder.AddExecutable(name, "python3", "."));

        Assert.Contains($"'{name}'", e.Message);
    }

    [Fact]
    public async Task An_integration_with_a_bad_name_is_reported_as_itself_not_by_the_names_derived_from_it()
    {
        Builder.AddRedis("Cache");

        var problem = await TheProblemAsync();

        Assert.Contains("Resource name 'Cache' is invalid", problem);
        Assert.Contains("e.g. 'cache'", problem);
    }

    [Fact]
    public async Task AddResource_applies_the_same_rule_as_AddExecutable()
    {
        Builder.AddResource(new ParameterResource("Db-Password", _ => "s3cret", secret: true));

        var problem = await TheProblemAsync();

        Assert.Contains("lowercase letters, digits and '-'", problem);
        Assert.Contains("e.g. 'db-password'", problem);
    }

    [Fact]
    public async Task A_name_of_64_characters_is_refused_naming_the_limit()
    {
        Builder.AddExecutable(new string('a', 64), "python3", ".");

        var problem = await TheProblemAsync();

        Assert.Contains("64 characters", problem);
        Assert.Contains("at most 63", problem);
        Assert.Contains("DNS", problem);
    }

    [Fact]
    public async Task A_name_of_63_characters_is_accepted()
    {
        var name = "a" + new string('b', 61) + "9";

        var resource = Builder.AddExecutable(name, "python3", _stack.Directory, "-c", "pass").Resource;
        await _stack.StartAsync();

        Assert.Equal(63, resource.Name.Length);
        Assert.Equal(0, (await _stack.StateAsync(name, KnownResourceStates.Finished)).ExitCode);
    }

    [Fact]
    public void A_duplicate_name_is_refused_even_across_resource_kinds()
    {
        Builder.AddExecutable("api", "python3", ".");

        Assert.Contains("'api'", Assert.Throws<DistributedApplicationException>(() => Builder.AddExecutable("api", "python3", ".")).Message);
        Assert.Contains("'api'", Assert.Throws<DistributedApplicationException>(() => Builder.AddParameter("api", "x")).Message);
    }
}
