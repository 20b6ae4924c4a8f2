namespace Orchestration.Hosting.Tests;

using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Xunit.Abstractions;

/// <summary>
/// A bad model is refused before anything starts, with every problem listed at once and each one
/// saying what to do: the cycle by name, the taken port by number, the missing program with its
/// install hint, the missing parameter with where to set it. Aspire's <c>StartAsync</c> ends with the
/// problems as its message; the AppHost console prints them.
/// </summary>
public sealed class ValidationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_WaitFor_cycle_is_named_in_order()
    {
        await using var stack = new TestStack(output);
        var a = stack.Service("a");
        var b = stack.Service("b");
        var c = stack.Service("c");
        a.WaitFor(b);
        b.WaitFor(c);
        c.WaitFor(a);

        var problems = await ProblemsAsync(stack);

        Assert.Contains(problems, p => p.Contains("a → b → c → a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Waiting_for_a_resource_of_another_builder_is_refused()
    {
        await using var stack = new TestStack(output);
        await using var other = new TestStack(output);
        var foreign = other.Service("cache");
        stack.Service("api").WaitFor(foreign);

        var problems = await ProblemsAsync(stack);

        Assert.Contains(problems, p => p.Contains("'api' waits for 'cache'") && p.Contains("not part of this application"));
    }

    [Fact]
    public async Task Referencing_a_resource_of_another_builder_is_refused()
    {
        await using var stack = new TestStack(output);
        await using var other = new TestStack(output);
        var foreign = other.Service("cache");
        stack.Service("api").WithReference(foreign.GetEndpoint("http"));

        var problems = await ProblemsAsync(stack);

        Assert.Contains(problems, p => p.Contains("'api' references 'cache'") && p.Contains("not part of this application"));
    }

    [Fact]
    public async Task Two_endpoints_with_the_same_fixed_port_are_refused()
    {
        await using var stack = new TestStack(output);
        var port = FreePort();
        stack.Builder.AddExecutable("one", "python3", ".").WithHttpEndpoint(port: port);
        stack.Builder.AddExecutable("two", "python3", ".").WithEndpoint(port: port, name: "tcp");

        var problems = await ProblemsAsync(stack);

        Assert.Contains(problems, p => p.Contains("one/http") && p.Contains("two/tcp") && p.Contains($"port {port}"));
    }

    [Fact]
    public async Task A_fixed_port_already_in_use_on_the_machine_is_named()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var stack = new TestStack(output);
        stack.Builder.AddExecutable("web", "python3", ".").WithHttpEndpoint(port: port);

        var problems = await ProblemsAsync(stack);

        var problem = Assert.Single(problems);
        Assert.Contains($"Port {port}", problem);
        Assert.Contains("web/http", problem);
        Assert.Contains("already in use", problem);
    }

    [Fact]
    public async Task A_missing_program_is_named_with_its_install_hint()
    {
        await using var stack = new TestStack(output);
        stack.Builder.AddExecutable("xyz", "definitely-not-a-program-xyz", ".").WithInstallHint("apt-get install xyz");

        var problem = Assert.Single(await ProblemsAsync(stack));

        Assert.Contains("'definitely-not-a-program-xyz' was not found on PATH", problem);
        Assert.Contains("apt-get install xyz", problem);
    }

    [Fact]
    public async Task A_missing_required_parameter_says_where_to_set_it()
    {
        await using var stack = new TestStack(output);
        stack.Builder.AddParameter("apikey", secret: true);

        var problem = Assert.Single(await ProblemsAsync(stack));

        Assert.Contains("'apikey' has no value", problem);
        Assert.Contains("appsettings.json", problem);
        Assert.Contains("Parameters__apikey", problem);
        Assert.Contains("--Parameters:apikey=", problem);
    }

    [Fact]
    public async Task Replicas_cannot_share_a_fixed_port()
    {
        await using var stack = new TestStack(output);
        var port = FreePort();
        // Without Aspire's proxy in front (isProxied: false), each replica would have to bind the fixed port itself.
        stack.Builder.AddExecutable("api", "python3", ".").WithHttpEndpoint(port: port, isProxied: false).WithAnnotation(new ReplicaAnnotation(2));

        var problem = Assert.Single(await ProblemsAsync(stack));

        Assert.Contains("'api'", problem);
        Assert.Contains("not proxied", problem);
    }

    [Fact]
    public async Task Every_problem_is_listed_in_one_exception_and_nothing_starts()
    {
        await using var stack = new TestStack(output);
        // A valid service that records its start: it must never run while the model is invalid.
        stack.Service("good");
        var x = stack.Service("x");
        var y = stack.Service("y");
        var z = stack.Service("z");
        x.WaitFor(y);
        y.WaitFor(z);
        z.WaitFor(x);
        stack.Builder.AddExecutable("tool", "definitely-not-a-program-xyz", ".").WithInstallHint("apt-get install xyz");
        stack.Builder.AddParameter("token");

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(stack.StartAsync);

        var problems = Problems(e.Message);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("x → y → z → x", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("apt-get install xyz"));
        Assert.Contains(problems, p => p.Contains("'token' has no value"));
        Assert.Contains("nothing was started (3 problems)", e.Message);

        await Task.Delay(500); // long enough for a wrongly started python service to write its record
        Assert.False(File.Exists(stack.RecordFile), "a service ran although the model was invalid");
        Assert.DoesNotContain(KnownResourceStates.Running, stack.StatesOf("good"));
        Assert.False(Directory.Exists(Path.Combine(stack.Directory, "state")), "the invalid model wrote its state folder");
    }

    /// <summary>The problems Aspire's StartAsync ended with: the native runtime refused the model, starting nothing.</summary>
    private static async Task<IReadOnlyList<string>> ProblemsAsync(TestStack stack)
    {
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(stack.StartAsync);
        Assert.Contains("The application model is invalid; nothing was started", e.Message);
        return Problems(e.Message);
    }

    /// <summary>The listed problems of the message (each after a "  - " line start, as the console prints them).</summary>
    internal static IReadOnlyList<string> Problems(string message)
        => [.. message.Split(Environment.NewLine + "  - ").Skip(1)];

    /// <summary>A port free right now (the OS picked it), so the fixed-port rules are tested, not the machine.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
