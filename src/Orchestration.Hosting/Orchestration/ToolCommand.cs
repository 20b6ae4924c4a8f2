using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Orchestration.Hosting.Orchestration;

/// <summary>What a tool run to completion printed (stdout and stderr, in order), and how it ended.</summary>
internal sealed record ToolResult(int ExitCode, string Output, bool TimedOut = false)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>The last lines of output: usually the reason it failed.</summary>
    public string Tail(int lines = 3) => string.Join(" / ", Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));
}

/// <summary>
/// Runs a helper program to completion for an integration's setup (initdb, an installer, a venv, a
/// config check) and captures its output: not a resource, so nothing watches or restarts it. A stop
/// or the deadline kills it with its children, so nothing half-done is left running.
/// </summary>
internal static class ToolCommand
{
    /// <summary>
    /// Runs <paramref name="command"/>; <paramref name="onLine"/> sees each line as it comes (for progress
    /// output). A program that cannot be started gives exit code -1 and says why; a missed
    /// <paramref name="timeout"/> gives <see cref="ToolResult.TimedOut"/>.
    /// </summary>
    public static async Task<ToolResult> RunAsync(
        string command, IEnumerable<string> args, string workingDirectory, CancellationToken cancellationToken,
        Action<string>? onLine = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var output = new StringBuilder();
        void Collect(string? line)
        {
            if (line is null) return;
            lock (output) output.Append(line).Append('\n');
            onLine?.Invoke(line);
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new ToolResult(-1, $"could not start '{command}': {e.Message}");
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit) deadline.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            lock (output) return new ToolResult(-1, output.ToString().TrimEnd(), TimedOut: true);
        }
        lock (output) return new ToolResult(process.ExitCode, output.ToString().TrimEnd());
    }
}
