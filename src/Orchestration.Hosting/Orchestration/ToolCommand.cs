using System.Diagnostics;
using System.Text;

namespace Orchestration.Hosting.Orchestration;

/// <summary>What a tool run to completion printed, and how it exited.</summary>
internal sealed record ToolResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs a helper program to completion for an integration's setup (an installer, a config check)
/// and captures its output: not a resource, so nothing watches or restarts it. Cancelling kills it
/// with its children, so a stop never leaves a half-done installer behind.
/// </summary>
internal static class ToolCommand
{
    /// <summary>Runs <paramref name="command"/>; <paramref name="onLine"/> sees each line as it comes (for progress output).</summary>
    public static async Task<ToolResult> RunAsync(
        string command, IEnumerable<string> args, string workingDirectory,
        CancellationToken cancellationToken, Action<string>? onLine = null, IReadOnlyDictionary<string, string>? environment = null)
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
        if (environment is not null)
            foreach (var (key, value) in environment) start.Environment[key] = value;

        var output = new StringBuilder();
        void Collect(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            onLine?.Invoke(line);
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
            throw;
        }
        lock (output) return new ToolResult(process.ExitCode, output.ToString().TrimEnd());
    }
}
