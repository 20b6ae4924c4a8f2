using System.Diagnostics;
using Xunit.Abstractions;

namespace Orchestration.Integrations.Tests;

/// <summary>
/// One virtual environment for the tests that do not test its creation, made once without pip (in
/// milliseconds rather than seconds; the system's pip serves it where one is installed).
/// </summary>
public sealed class SharedVirtualEnvironment : IDisposable
{
    public SharedVirtualEnvironment()
    {
        using var venv = Process.Start("/usr/bin/python3", ["-m", "venv", "--system-site-packages", "--without-pip", Path])!;
        venv.WaitForExit();
        if (venv.ExitCode != 0) throw new InvalidOperationException($"python3 -m venv exited with {venv.ExitCode}");
    }

    public string Path { get; } = System.IO.Path.Combine(Directory.CreateTempSubdirectory("orch-venv-").FullName, "venv");

    public void Dispose()
    {
        try { Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true); } catch (IOException) { }
    }
}

public sealed class PythonTests(ITestOutputHelper output, SharedVirtualEnvironment shared) : IClassFixture<SharedVirtualEnvironment>
{
    [Fact]
    public async Task AddPythonApp_creates_the_virtual_environment_and_the_app_sees_the_system_packages()
    {
        await using var stack = new IntegrationStack(output);
        var app = WriteApp(stack, "versions.py", """
            import sys, psycopg, redis, boto3
            print("versions", psycopg.__version__, redis.__version__, boto3.__version__)
            print("prefix", sys.prefix)
            """);
        File.WriteAllText(Path.Combine(app, "requirements.txt"), "psycopg>=3\nredis\nboto3  # from Debian: python3-boto3\n");
        stack.Builder.AddPythonApp("versions", "app", "versions.py");

        await stack.StartAsync();
        await stack.App.ResourceNotifications.WaitForResourceAsync("versions", KnownResourceStates.Finished, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        var venv = Path.Combine(app, ".venv");
        Assert.True(File.Exists(Path.Combine(venv, "bin", "python")), "the virtual environment was created in the app folder");
        Assert.Contains("include-system-site-packages = true", File.ReadAllText(Path.Combine(venv, "pyvenv.cfg")));
        await stack.WaitForLineAsync("versions", l => l.StartsWith("prefix ", StringComparison.Ordinal));
        var lines = stack.Lines("versions");
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^versions 3\.\S+ \d+\.\S+ \d+\.\S+$"));
        Assert.Contains($"prefix {venv}", lines);
    }

    [Fact]
    public async Task A_requirement_nothing_can_install_fails_the_start_naming_it_and_its_system_package()
    {
        await using var stack = new IntegrationStack(output);
        var app = WriteApp(stack, "needs.py", "print('should not run')");
        File.WriteAllText(Path.Combine(app, "requirements.txt"), "psycopg\norchestration-no-such-dist==1.0\n");
        stack.Builder.AddPythonApp("needs", "app", "needs.py").WithVirtualEnvironment(shared.Path);

        // Aspire's start returns (what failed stays visible, as with DCP): the state says so, the console why.
        await stack.StartAsync();

        Assert.Equal(KnownResourceStates.FailedToStart, await stack.WaitForStateAsync("needs", KnownResourceStates.FailedToStart));
        var failure = string.Join('\n', stack.Console.Split('\n').SkipWhile(l => !l.Contains("needs: FailedToStart", StringComparison.Ordinal)));
        Assert.NotEmpty(failure);
        Assert.Contains("orchestration-no-such-dist (not installed)", failure);
        Assert.Contains("pip install -r requirements.txt", failure);
        Assert.Contains("apt-get install python3-orchestration-no-such-dist", failure);
        Assert.DoesNotContain("psycopg", failure); // installed from Debian: not missing
        Assert.DoesNotContain("Traceback", failure);
        Assert.Empty(stack.Lines("needs"));
    }

    [Fact]
    public async Task AddUvicornApp_serves_the_app_on_its_http_endpoint()
    {
        await using var stack = new IntegrationStack(output);
        WriteApp(stack, "main.py", """
            async def app(scope, receive, send):
                if scope["type"] == "lifespan":
                    while True:
                        message = await receive()
                        if message["type"] == "lifespan.startup":
                            await send({"type": "lifespan.startup.complete"})
                        else:
                            await send({"type": "lifespan.shutdown.complete"})
                            return
                await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
                await send({"type": "http.response.body", "body": b"hello from " + scope["path"].encode()})
            """);
        stack.Builder.AddUvicornApp("web", "app", "main:app").WithVirtualEnvironment(shared.Path).WithHttpHealthCheck("/health");

        await stack.StartAsync();

        using var http = new HttpClient();
        Assert.Equal("hello from /greeting", await http.GetStringAsync(new Uri(stack.App.GetEndpoint("web"), "/greeting")));
    }

    [Fact]
    public async Task A_missing_script_or_module_is_named_before_anything_starts()
    {
        await using var stack = new IntegrationStack(output);
        WriteApp(stack, "present.py", "");
        stack.Builder.AddPythonApp("script", "app", "absent.py");
        stack.Builder.AddUvicornApp("web", "app", "nomodule:app");
        Directory.CreateDirectory(Path.Combine(stack.Directory, "app", "notavenv"));
        File.WriteAllText(Path.Combine(stack.Directory, "app", "notavenv", "data.txt"), "mine");
        stack.Builder.AddPythonApp("other", "app", "present.py").WithVirtualEnvironment("notavenv");
        stack.Builder.AddPythonApp("strict", "app", "present.py").WithVirtualEnvironment("absent", createIfNotExists: false);

        var problems = await stack.StartRejectedAsync();

        Assert.Contains(problems, p => p.Contains("script 'absent.py' does not exist", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("module 'nomodule' is not in", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("notavenv' is not a working virtual environment", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("there is no virtual environment at", StringComparison.Ordinal) && p.Contains("--system-site-packages", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(stack.Directory, "app", "notavenv", "data.txt")), "a folder that is not a venv is left alone");
        Assert.False(Directory.Exists(Path.Combine(stack.Directory, "app", ".venv")), "nothing was created");
    }

    internal static string WriteApp(IntegrationStack stack, string file, string code)
    {
        var app = Path.Combine(stack.Directory, "app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, file), code + "\n");
        return app;
    }
}

/// <summary>Tests that change the test process's environment: they run alone, not beside other classes.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

[Collection(nameof(ProcessEnvironment))]
public sealed class PythonOutputTests(ITestOutputHelper output, SharedVirtualEnvironment shared) : IClassFixture<SharedVirtualEnvironment>
{
    [Fact]
    public async Task Output_is_unbuffered_so_a_line_shows_while_the_app_still_runs()
    {
        // The AppHost's own environment may already say so (it does on our machines); the app must not depend on it.
        var inherited = Environment.GetEnvironmentVariable("PYTHONUNBUFFERED");
        Environment.SetEnvironmentVariable("PYTHONUNBUFFERED", null);
        try
        {
            await using var stack = new IntegrationStack(output);
            PythonTests.WriteApp(stack, "slow.py", """
                import time
                print("before the sleep")
                time.sleep(60)
                """);
            stack.Builder.AddPythonApp("slow", "app", "slow.py").WithVirtualEnvironment(shared.Path);

            await stack.StartAsync();

            var clock = Stopwatch.StartNew();
            while (!stack.Lines("slow").Contains("before the sleep") && clock.Elapsed < TimeSpan.FromSeconds(15))
                await Task.Delay(20);
            Assert.Contains("before the sleep", stack.Lines("slow"));
            Assert.Equal(KnownResourceStates.Running, stack.Snapshot("slow").State?.Text);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PYTHONUNBUFFERED", inherited);
        }
    }
}
