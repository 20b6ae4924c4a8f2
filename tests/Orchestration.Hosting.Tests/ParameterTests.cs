namespace Orchestration.Hosting.Tests;

using System.Runtime.Versioning;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Xunit.Abstractions;

/// <summary>
/// Generated secrets (Aspire's generated parameter defaults, as AddPostgres makes its password) are made once per
/// machine and kept privately, so a database initialised with a password keeps accepting it on the next run;
/// configuration always wins over the generated value.
/// </summary>
[UnsupportedOSPlatform("windows")] // file modes are part of what is tested
public sealed class ParameterTests(ITestOutputHelper output) : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _root = Directory.CreateTempSubdirectory("orch-state-").FullName;

    // Outside any one stack's folder, so several stacks (runs) can share it; created by the app itself.
    private string SharedState => Path.Combine(_root, "state");

    /// <summary>An AppHost started with the state folder on its command line, as a user moves it.</summary>
    private TestStack SharingState() => new(output, $"--Orchestration:StateDirectory={SharedState}");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// A generated parameter as Aspire's integrations make their passwords: letters and digits, at least one of each
    /// class (password policies commonly want each; Aspire's generator promises it when asked).
    /// </summary>
    private static IResourceBuilder<ParameterResource> Generated(TestStack stack, string name, int length = 22)
        => stack.Builder.AddParameter(name, new GenerateParameterDefault { MinLength = length, Special = false, MinLower = 1, MinUpper = 1, MinNumeric = 1 }, secret: true);

    [Fact]
    public async Task A_generated_value_is_kept_in_an_owner_only_file_in_the_state_directory()
    {
        await using var stack = SharingState();
        var password = Generated(stack, "pg-password");

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
        await using (var stack = SharingState())
            first = await RunAndReadAsync(stack, Generated(stack, "pg-password"));
        await using (var stack = SharingState())
            second = await RunAndReadAsync(stack, Generated(stack, "pg-password"));
        await using (var stack = new TestStack(output)) // its own state folder
            elsewhere = await RunAndReadAsync(stack, Generated(stack, "pg-password"));

        Assert.Equal(first, second);
        Assert.NotEqual(first, elsewhere);
    }

    [Fact]
    public async Task Adding_a_generated_parameter_later_keeps_the_existing_ones()
    {
        string before;
        await using (var stack = SharingState())
            before = await RunAndReadAsync(stack, Generated(stack, "pg-password"));

        await using (var stack = SharingState())
        {
            var pg = Generated(stack, "pg-password");
            var minio = Generated(stack, "minio-password");
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
        await using (var stack = SharingState())
            generated = await RunAndReadAsync(stack, Generated(stack, "pg-password"));

        await using var configured = SharingState();
        configured.Builder.Configuration["Parameters:pg-password"] = "from-configuration";
        var value = await RunAndReadAsync(configured, Generated(configured, "pg-password"));

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

        var value = await RunAndReadAsync(stack, Generated(stack, "token", length));

        Assert.Matches($"^[A-Za-z0-9]{{{length}}}$", value);
        Assert.Matches("[a-z]", value);
        Assert.Matches("[A-Z]", value);
        Assert.Matches("[0-9]", value);
    }

    [Fact]
    public async Task The_default_length_is_22()
    {
        await using var stack = new TestStack(output);

        // The password Aspire's own integrations generate (AddPostgres, AddRedis): its defaults, no special characters.
        var token = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(stack.Builder, "token", special: false);
        Assert.Equal(22, (await RunAndReadAsync(stack, stack.Builder.CreateResourceBuilder(token))).Length);
    }

    /// <summary>
    /// Starts the stack and returns the first parameter's local value, as a process of the model receives it: a short
    /// job is given every parameter in its environment and records what it got.
    /// </summary>
    private static async Task<string> RunAndReadAsync(TestStack stack, params IResourceBuilder<ParameterResource>[] parameters)
    {
        var dump = Path.Combine(stack.Directory, "reader-env.json");
        var reader = stack.Job("reader", exitCode: 0, seconds: 0, "--dump-env", dump);
        foreach (var p in parameters) reader.WithEnvironment($"PARAMETER_{p.Resource.Name.Replace('-', '_').ToUpperInvariant()}", p);
        await stack.StartAsync();
        await stack.StateAsync("reader", KnownResourceStates.Finished);
        var value = ReferenceTests.ReadDump(dump)[$"PARAMETER_{parameters[0].Resource.Name.Replace('-', '_').ToUpperInvariant()}"];
        // Aspire's own reading of the parameter agrees with what the process got.
        Assert.Equal(value, await parameters[0].Resource.GetValueAsync(CancellationToken.None));
        return value;
    }

    private static Dictionary<string, string> Stored(string file)
        => JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))!;
}
