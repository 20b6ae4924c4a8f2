using System.Diagnostics;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// Keeps a watchdog process (reaper.sh) that stops every process group we started once our end of
/// its stdin closes — which the kernel does when the AppHost dies, however it dies — and then removes
/// the run folder.
/// </summary>
internal sealed class ProcessReaper : IDisposable
{
    private readonly Process? _process;
    private readonly Lock _gate = new();
    private bool _closed;

    public ProcessReaper()
    {
        using var script = typeof(ProcessReaper).Assembly.GetManifestResourceStream("reaper.sh")!;
        var text = new StreamReader(script).ReadToEnd();
        var start = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "bash")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // In its own session, so a Ctrl+C meant for the AppHost does not reach it.
        if (start.FileName != "bash") start.ArgumentList.Add("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(text);
        try
        {
            _process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            _process = null; // no bash: processes are still stopped on every orderly shutdown
        }
    }

    public void Track(int pgid, int signal) => Send($"add {pgid} {NativeMethods.SignalName(signal)}");

    public void Untrack(int pgid) => Send($"del {pgid}");

    /// <summary>The run folder to remove once every process is gone, however the AppHost ends.</summary>
    public void RemoveAtEnd(string runFolder) => Send($"dir {runFolder}");

    private void Send(string line)
    {
        if (_process is null) return;
        lock (_gate)
        {
            if (_closed) return;
            try
            {
                _process.StandardInput.WriteLine(line);
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
                // The reaper is gone; orderly shutdown still stops everything.
            }
        }
    }

    public void Dispose()
    {
        if (_process is null) return;
        lock (_gate)
        {
            _closed = true;
            try { _process.StandardInput.Close(); } catch (IOException) { }
        }
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
