using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Orchestration.Hosting.Python;

/// <summary>The outcome of a short helper command (venv creation, a requirements check, pip).</summary>
internal sealed record HelperResult(int ExitCode, string Output, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>The last lines of output: usually the reason.</summary>
    public string Tail(int lines = 3) => string.Join(" / ", Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));
}

/// <summary>Runs a short command to completion, with a deadline; on the deadline or a stop its whole tree is killed.</summary>
internal static class HelperProcess
{
    public static async Task<HelperResult> RunAsync(string program, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new HelperResult(-1, $"could not start '{program}': {e.Message}", TimedOut: false);
        }
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = CopyAsync(process.StandardOutput, output);
        var stderr = CopyAsync(process.StandardError, output);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        lock (output) return new HelperResult(timedOut ? -1 : process.ExitCode, output.ToString(), timedOut);
    }

    private static async Task CopyAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            lock (output) output.Append(line).Append('\n');
    }
}
