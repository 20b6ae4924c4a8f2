using System.Runtime.Versioning;
using System.Text.Json;
using Orchestration.Hosting.ApplicationModel;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

/// <summary>
/// Generated secrets are made once per machine and kept privately, so a database initialised with a
/// password keeps accepting it on the next run; configuration always wins over the generated value.
/// </summary>
[UnsupportedOSPlatform("windows")] // file modes are part of what is tested
public sealed class ParameterTests(ITestOutputHelper output) : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _root = Directory.CreateTempSubdirectory("orch-state-").FullName;

    // Outside any one stack's folder, so several stacks (runs) can share it; created by the app itself.
    private string SharedState => Path.Combine(_root, "state");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_generated_value_is_kept_in_an_owner_only_file_in_the_state_directory()
    {
        await using var stack = new TestStack(output, o => o.StateDirectory = SharedState);
        var password = stack.Builder.AddGeneratedParameter("pg-password");

        var value = await RunAndReadAsync(stack, password);

        var file = Path.Combine(SharedState, "parameters.json");
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(SharedState));
        Assert.Equal(value, Stored(file)["pg-password"]);
        Assert.Equal(["parameters.json"], Directory.GetFiles(SharedState).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Two_builders_sharing_a_state_directory_get_the_same_value_and_another_directory_a_new_one()
    {
        string first, second, elsewhere;
        await using (var stack = new TestStack(output, o => o.StateDirectory = SharedState))
            first = await RunAndReadAsync(stack, stack.Builder.AddGeneratedParameter("pg-password"));
        await using (var stack = new TestStack(output, o => o.StateDirectory = SharedState))
            second = await RunAndReadAsync(stack, stack.Builder.AddGeneratedParameter("pg-password"));
        await using (var stack = new TestStack(output)) // its own state folder
            elsewhere = await RunAndReadAsync(stack, stack.Builder.AddGeneratedParameter("pg-password"));

        Assert.Equal(first, second);
        Assert.NotEqual(first, elsewhere);
    }

    [Fact]
    public async Task Adding_a_generated_parameter_later_keeps_the_existing_ones()
    {
        string before;
        await using (var stack = new TestStack(output, o => o.StateDirectory = SharedState))
            before = await RunAndReadAsync(stack, stack.Builder.AddGeneratedParameter("pg-password"));

        await using (var stack = new TestStack(output, o => o.StateDirectory = SharedState))
        {
            var pg = stack.Builder.AddGeneratedParameter("pg-password");
            var minio = stack.Builder.AddGeneratedParameter("minio-password");
            Assert.Equal(before, await RunAndReadAsync(stack, pg, minio));
        }

        var stored = Stored(Path.Combine(SharedState, "parameters.json"));
        Assert.Equal(["minio-password", "pg-password"], stored.Keys.Order());
        Assert.Equal(before, stored["pg-password"]);
    }

    [Fact]
    public async Task A_configured_value_wins_over_a_generated_one_and_is_not_written_to_disk()
    {
        string generated;
        await using (var stack = new TestStack(output, o => o.StateDirectory = SharedState))
            generated = await RunAndReadAsync(stack, stack.Builder.AddGeneratedParameter("pg-password"));

        await using var configured = new TestStack(output, o => o.StateDirectory = SharedState);
        configured.Builder.Configuration["Parameters:pg-password"] = "from-configuration";
        var value = await RunAndReadAsync(configured, configured.Builder.AddGeneratedParameter("pg-password"));

        Assert.Equal("from-configuration", value);
        var file = File.ReadAllText(Path.Combine(SharedState, "parameters.json"));
        Assert.Contains(generated, file);
        Assert.DoesNotContain("from-configuration", file);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(22)]
    [InlineData(64)]
    public async Task A_generated_value_has_the_requested_length_of_letters_and_digits(int length)
    {
        await using var stack = new TestStack(output);

        var value = await RunAndReadAsync(stack, stack.Builder.AddGeneratedParameter("token", length));

        Assert.Matches($"^[A-Za-z0-9]{{{length}}}$", value);
        // Password policies commonly want each class; the generator promises one of each.
        Assert.Matches("[a-z]", value);
        Assert.Matches("[A-Z]", value);
        Assert.Matches("[0-9]", value);
    }

    [Fact]
    public async Task The_default_length_is_22()
    {
        await using var stack = new TestStack(output);

        Assert.Equal(22, (await RunAndReadAsync(stack, stack.Builder.AddGeneratedParameter("token"))).Length);
    }

    /// <summary>
    /// Starts the stack and returns the first parameter's local value. A connection string made of the
    /// parameter is how a user reads it: the app exposes no direct getter for parameter values.
    /// </summary>
    private static async Task<string> RunAndReadAsync(TestStack stack, params IResourceBuilder<ParameterResource>[] parameters)
    {
        foreach (var p in parameters)
            stack.Builder.AddResource(new ConnectionStringResource($"{p.Resource.Name}-value", ReferenceExpression.Of(p.Resource)));
        await stack.StartAsync();
        return (await stack.App.GetConnectionStringAsync($"{parameters[0].Resource.Name}-value"))!;
    }

    private static Dictionary<string, string> Stored(string file)
        => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))!;
}
