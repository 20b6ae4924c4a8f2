using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orchestration.NativeRuntime.Tests;

/// <summary>
/// A real Aspire AppHost (tests/AspireAppHost: Aspire's SDK, two executables, one waiting for the other)
/// started as users start it: natively by default, on Aspire's own DCP with <c>--runtime dcp</c>.
/// </summary>
public class RuntimeSwitchTests
{
    [Fact]
    public async Task By_default_the_AppHost_runs_the_model_natively_without_DCP()
    {
        var (portA, portB) = (FreePort(), FreePort());
        await using var host = AppHostProcess.Start(["--PortA", $"{portA}", "--PortB", $"{portB}"]);

        await host.WaitForHealthyAsync(portB, TimeSpan.FromSeconds(60));

        Assert.Contains("Stack ready: 2 resources healthy", host.Output);
        Assert.Empty(AppHostProcess.DcpWatching(host.Pid));
    }

    [Fact]
    public async Task With_runtime_dcp_the_same_AppHost_runs_on_Aspires_orchestrator()
    {
        var (portA, portB) = (FreePort(), FreePort());
        await using var host = AppHostProcess.Start(["--runtime", "dcp", "--PortA", $"{portA}", "--PortB", $"{portB}"],
            new() { ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true" });

        await host.WaitForHealthyAsync(portB, TimeSpan.FromSeconds(90));

        // DCP's API server runs (detached), watching the AppHost; our runner printed nothing.
        Assert.NotEmpty(AppHostProcess.DcpWatching(host.Pid));
        Assert.DoesNotContain("Stack ready", host.Output);
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

/// <summary>The test AppHost as a process of its own, stopped with SIGTERM (SIGKILL of its group as a last resort).</summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private AppHostProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Built next to this test project by the solution build, in the same configuration.</summary>
    private static string AppHostPath => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory.Replace("Orchestration.NativeRuntime.Tests", "AspireAppHost"), "AspireAppHost.dll"));

    public static AppHostProcess Start(string[] args, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(AppHostPath);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? []) info.Environment[key] = value;
        var host = new AppHostProcess(Process.Start(info)!);
        host._process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    private void Append(string? line)
    {
        if (line is not null) lock (_output) _output.AppendLine(line);
    }

    public async Task WaitForHealthyAsync(int port, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"The AppHost exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        Assert.Fail($"Nothing healthy on port {port} after {timeout}:\n{Output}");
    }

    /// <summary>DCP's processes that watch <paramref name="pid"/> (DCP starts detached, so they are not its children).</summary>
    public static List<string> DcpWatching(int pid)
    {
        var found = new List<string>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("aspire.hosting.orchestration", StringComparison.OrdinalIgnoreCase) && commandLine.Contains($"--monitor {pid} "))
                    found.Add(commandLine);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", $"{_process.Id}"])!.WaitForExit();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _process.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }
}
