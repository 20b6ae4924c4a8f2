using System.Globalization;
using System.Runtime.InteropServices;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// A program started in the background of a non-interactive shell (<c>./run.sh &amp;</c> in a script, CI)
/// inherits SIGINT ignored, and .NET respects an ignored SIGINT: Ctrl+C or <c>kill -INT</c> would then
/// not stop the AppHost, and every process it starts would inherit the same deafness. Like docker
/// compose, the AppHost takes SIGINT back to its default disposition at startup, before .NET installs
/// its own handler (which it does over a default disposition, not over an ignored one), so SIGINT stops
/// the stack in order.
/// </summary>
internal static partial class InterruptSignal
{
    private const int SigInt = 2;
    private static readonly nint SigDfl = 0;

    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static partial nint Signal(int signal, nint handler);

    public static void RestoreDefault()
    {
        if (!OperatingSystem.IsLinux() || !IsIgnored()) return;
        Signal(SigInt, SigDfl);
    }

    /// <summary>Whether SIGINT is ignored: bit 1 of the SigIgn mask the kernel shows in /proc/self/status.</summary>
    private static bool IsIgnored()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("SigIgn:", StringComparison.Ordinal)) continue;
                var mask = ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                return (mask & (1UL << (SigInt - 1))) != 0;
            }
        }
        catch (IOException) { }
        catch (FormatException) { }
        return false;
    }
}
