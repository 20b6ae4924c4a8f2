using System.Reflection;
using System.Runtime;

namespace Orchestration.NativeRuntime.Running;

/// <summary>
/// ReadyToRun leaves ~600 methods to the JIT before the first process starts (generic code over Aspire's and our
/// types: async state machines, dictionaries of structs), ~100 ms on the one thread that starts the stack. .NET's
/// multicore JIT records which ones a start compiled and, on the next start, compiles them ahead on another core,
/// idle until then. The recording ends at the first process: from there the cores belong to the servers starting,
/// and compiling ahead would only compete with them (measured: recording up to the stack's readiness cost the sample stack
/// ~130 ms more CPU and no time; up to the first process, six services come up ~80 ms sooner).
/// The profile is a cache per AppHost. Only when the AppHost is the program: a test host does not record.
/// </summary>
internal static class StartupJitProfile
{
    private static bool _recording;

    public static void Start(string appHostName)
    {
        if (Assembly.GetEntryAssembly()?.GetName().Name != appHostName) return;
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        try
        {
            ProfileOptimization.SetProfileRoot(Directory.CreateDirectory(Path.Combine(cache, "orchestration", "jit")).FullName);
            ProfileOptimization.StartProfile(appHostName + ".jitprofile");
            _recording = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No writable cache: each start compiles on its own thread, as without a profile.
        }
    }

    /// <summary>Ends the recording once the engine has started a process (or has given up).</summary>
    public static async Task FinishAtFirstProcessAsync(Orchestration.Hosting.Orchestration.ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        if (!_recording) return;
        await foreach (var snapshot in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (snapshot.Pid is null) continue;
            // Writing the profile takes tens of milliseconds: on a thread of its own, not one of the pool's the start runs on.
            new Thread(Finish) { IsBackground = true, Name = "jit-profile" }.Start();
            return;
        }
    }

    /// <summary>Ends the recording, which writes the profile.</summary>
    public static void Finish()
    {
        if (!Interlocked.Exchange(ref _recording, false)) return;
        ProfileOptimization.StartProfile(null);
    }
}
