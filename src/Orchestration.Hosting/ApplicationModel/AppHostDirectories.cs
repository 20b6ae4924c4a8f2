using System.Security.Cryptography;
using System.Text;

namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// Where resources keep files, all outside the repository and readable by their owner only:
/// <see cref="State"/> lasts across runs (generated secrets, data volumes); <see cref="Run"/> lasts
/// one run (generated config files, data of resources without a volume) and is removed at stop.
/// Integrations get it from the services in their callbacks.
/// </summary>
internal sealed class AppHostDirectories : IDisposable
{
    private readonly DistributedApplicationOptions _options;
    private readonly string _appHostDirectory;
    private readonly Lock _gate = new();
    private string? _state;
    private string? _run;
    private Action<string>? _runCreated;

    internal AppHostDirectories(DistributedApplicationOptions options, string appHostDirectory)
    {
        _options = options;
        _appHostDirectory = appHostDirectory;
    }

    /// <summary>
    /// The per-machine folder of this AppHost (default <c>~/.local/state/orchestration/&lt;apphost&gt;-&lt;hash&gt;</c>;
    /// <c>/var/lib/orchestration/...</c> when the AppHost runs as root).
    /// </summary>
    public string State
    {
        get
        {
            lock (_gate) return _state ??= CreatePrivate(StatePath);
        }
    }

    /// <summary>Where <see cref="State"/> is, without creating it: validation looks without leaving a trace.</summary>
    internal string StatePath => _options.StateDirectory ?? DefaultStateFor(_appHostDirectory);

    /// <summary>
    /// Removes the state folder when it was made during a validation that failed (the folder did not exist
    /// before): an invalid model leaves nothing behind.
    /// </summary>
    internal void ForgetNewState()
    {
        lock (_gate)
        {
            if (_state is null) return;
            try { Directory.Delete(_state, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            _state = null;
        }
    }

    /// <summary>This run's scratch folder, removed when the application is disposed.</summary>
    public string Run
    {
        get
        {
            lock (_gate)
            {
                if (_run is not null) return _run;
                _run = CreatePrivate(Directory.CreateTempSubdirectory("orchestration-run-").FullName);
                _runCreated?.Invoke(_run);
                return _run;
            }
        }
    }

    /// <summary>Calls <paramref name="action"/> with the run folder once it exists (at once when it does already).</summary>
    internal void WhenRunCreated(Action<string> action)
    {
        lock (_gate)
        {
            _runCreated += action;
            if (_run is not null) action(_run);
        }
    }

    /// <summary>A data volume: a folder under <see cref="State"/> that survives restarts of the stack.</summary>
    public string DataVolume(string resourceName, string volumeName = "data")
        => CreatePrivate(Path.Combine(State, "volumes", $"{resourceName}-{volumeName}"));

    /// <summary>A resource's folder for this run only (config files it is started with, throwaway data).</summary>
    public string RunFolder(string resourceName) => CreatePrivate(Path.Combine(Run, resourceName));

    /// <summary>Removes this run's scratch folder.</summary>
    public void Dispose()
    {
        string? run;
        lock (_gate) (run, _run) = (_run, null);
        if (run is null) return;
        try { Directory.Delete(run, recursive: true); }
        catch (IOException) { /* a process that outlived its stop still writes there; the OS temp cleaner will get it */ }
        catch (UnauthorizedAccessException) { }
    }

    private static string CreatePrivate(string path)
    {
        if (!Directory.Exists(path))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
            else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private static string DefaultStateFor(string appHostDirectory)
    {
        var root = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            // root's home is private (0700): a service that refuses to run as root (PostgreSQL) could not
            // reach its data volume under it, so root keeps its state where system services keep theirs.
            : Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows()
                ? "/var/lib"
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        // One folder per AppHost checkout: two clones of the stack share neither passwords nor data.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(appHostDirectory)))[..10];
        var name = Path.GetFileName(appHostDirectory).ToLowerInvariant();
        return Path.Combine(root, "orchestration", $"{name}-{hash}");
    }
}
