using System.Runtime.InteropServices;

namespace Orchestration.Hosting.Orchestration;

internal static partial class NativeMethods
{
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Sends a signal to a whole process group; false when the group no longer exists.</summary>
    public static bool SignalGroup(int pgid, int signal) => OperatingSystem.IsWindows() ? false : Kill(-pgid, signal) == 0;

    /// <summary>Whether any process of the group is still alive.</summary>
    public static bool GroupExists(int pgid) => !OperatingSystem.IsWindows() && Kill(-pgid, 0) == 0;

    /// <summary>The signal number's name, for the reaper.</summary>
    public static string SignalName(int signal) => signal switch
    {
        2 => "INT", 3 => "QUIT", 9 => "KILL", 15 => "TERM", _ => signal.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
