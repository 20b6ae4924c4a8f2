using System.ComponentModel;
using System.Diagnostics;

namespace Orchestration.Hosting.Orchestration;

/// <summary>What to launch: the program, its arguments, folder and environment.</summary>
internal sealed record LaunchSpec(string Command, IReadOnlyList<string> Args, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// One native process in a process group of its own (started through setsid), so a stop reaches its
/// whole tree. Output arrives line by line; stdin is closed at once.
/// </summary>
internal sealed class ManagedProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputDrained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProcessReaper _reaper;
    private int _groupGone;

    private ManagedProcess(Process process, ProcessReaper reaper)
    {
        _process = process;
        _reaper = reaper;
    }

    public int Pid => _process.Id;

    /// <summary>Completes with the exit code once the process exited and its output is drained.</summary>
    public Task<int> Exited => _exited.Task;

    /// <exception cref="Win32Exception">The program could not be started.</exception>
    public static ManagedProcess Start(LaunchSpec spec, ProcessReaper reaper, int stopSignal, Action<string, bool> onLine)
    {
        var useSetsid = File.Exists("/usr/bin/setsid");
        var start = new ProcessStartInfo(useSetsid ? "/usr/bin/setsid" : spec.Command)
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (useSetsid) start.ArgumentList.Add(spec.Command);
        foreach (var arg in spec.Args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in spec.Environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process, reaper);
        process.Exited += (_, _) => _ = managed.OnExitedAsync();
        process.Start();
        // setsid execs in place (our child is never a group leader), so pid == pgid.
        if (useSetsid) reaper.Track(process.Id, stopSignal);
        process.StandardInput.Close();
        var output = OutputLineReader.PumpAsync(process.StandardOutput, line => onLine(line, false));
        var error = OutputLineReader.PumpAsync(process.StandardError, line => onLine(line, true));
        Task.WhenAll(output, error).ContinueWith(_ => managed._outputDrained.TrySetResult(), TaskScheduler.Default);
        return managed;
    }

    private async Task OnExitedAsync()
    {
        // Children left in the group would hold the output pipes open (and the ports): they go with it.
        KillGroup();
        await _process.WaitForExitAsync().ConfigureAwait(false);
        await _outputDrained.Task.ConfigureAwait(false); // every line read, to its end
        _exited.TrySetResult(_process.ExitCode);
    }

    /// <summary>
    /// Stops the whole process group: <paramref name="signal"/>, then SIGKILL after <paramref name="grace"/>.
    /// Stragglers of the group are killed once the main process has exited.
    /// </summary>
    public async Task<int> StopAsync(int signal, TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            NativeMethods.SignalGroup(Pid, signal);
            var exitedInTime = await Task.WhenAny(WaitForMainExitAsync(), Task.Delay(grace)).ConfigureAwait(false) is Task<bool>;
            if (!exitedInTime) NativeMethods.SignalGroup(Pid, NativeMethods.SigKill);
        }
        KillGroup();
        return await _exited.Task.ConfigureAwait(false);
    }

    private async Task<bool> WaitForMainExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Kills whatever is left of the group (children that outlived the main process).</summary>
    public void KillGroup()
    {
        // Once only: after the group is gone its id may be reused by an unrelated process group.
        if (Interlocked.Exchange(ref _groupGone, 1) == 1) return;
        NativeMethods.SignalGroup(Pid, NativeMethods.SigKill);
        _reaper.Untrack(Pid);
    }

    public void Dispose() => _process.Dispose();
}
