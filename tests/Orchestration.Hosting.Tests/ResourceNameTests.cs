using System.Text.RegularExpressions;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Tests;

/// <summary>
/// Resource names become DNS names in every publisher, so a bad one must fail the moment it is
/// written, with a message that states the rule and offers a name that would work.
/// </summary>
public sealed class ResourceNameTests
{
    private static IDistributedApplicationBuilder NewBuilder() => DistributedApplication.CreateBuilder(new DistributedApplicationOptions
    {
        AppHostDirectory = Path.GetTempPath(),
        Output = TextWriter.Null,
    });

    [Theory]
    [InlineData("MyApi", "myapi")]
    [InlineData("my_api", "my-api")]
    [InlineData("1api", "r-1api")]
    [InlineData("api-", "api")]
    public void An_invalid_name_is_refused_at_once_with_the_rule_and_a_valid_suggestion(string name, string suggestion)
    {
        var builder = NewBuilder();

        var e = Assert.Throws<DistributedApplicationException>(() => builder.AddExecutable(name, "python3", "."));

        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("lowercase letters, digits and '-'", e.Message);
        Assert.Contains("starting with a letter", e.Message);
        Assert.Contains("not ending with '-'", e.Message);
        Assert.Contains($"e.g. '{suggestion}'", e.Message);
        // The suggestion is only useful if it would itself be accepted.
        builder.AddExecutable(suggestion, "python3", ".");
        Assert.DoesNotContain(builder.Resources, r => r.Name == name);
    }

    [Fact]
    public void AddResource_applies_the_same_rule_as_AddExecutable()
    {
        var builder = NewBuilder();

        var e = Assert.Throws<DistributedApplicationException>(() => builder.AddResource(new ParameterResource("Db_Password", secret: true, null)));

        Assert.Contains("lowercase letters, digits and '-'", e.Message);
        Assert.Contains("e.g. 'db-password'", e.Message);
        Assert.Empty(builder.Resources);
    }

    [Fact]
    public void A_name_of_64_characters_is_refused_naming_the_limit()
    {
        var builder = NewBuilder();
        var name = new string('a', 64);

        var e = Assert.Throws<DistributedApplicationException>(() => builder.AddExecutable(name, "python3", "."));

        Assert.Contains("64 characters", e.Message);
        Assert.Contains("at most 63", e.Message);
        Assert.Contains("DNS", e.Message);
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
    public void A_duplicate_name_is_refused_even_across_resource_kinds()
    {
        var builder = NewBuilder();
        builder.AddExecutable("api", "python3", ".");

        var sameKind = Assert.Throws<DistributedApplicationException>(() => builder.AddExecutable("api", "python3", "."));
        var otherKind = Assert.Throws<DistributedApplicationException>(() => builder.AddParameter("api"));

        Assert.Matches(new Regex("'api'.*unique"), sameKind.Message);
        Assert.Matches(new Regex("'api'.*unique"), otherKind.Message);
        Assert.Single(builder.Resources);
    }
}
