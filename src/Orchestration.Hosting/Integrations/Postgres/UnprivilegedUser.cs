using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.Integrations.Postgres;

/// <summary>
/// The account PostgreSQL runs as when the AppHost is root, since PostgreSQL refuses to run as root:
/// the Debian <c>postgres</c> user, else <c>nobody</c>. Its programs start through <c>setpriv</c>, which
/// switches user and then execs in place, so the stop signal reaches the server itself.
/// </summary>
internal sealed partial record UnprivilegedUser(string Name, uint Uid, uint Gid)
{
    private static readonly string[] Candidates = ["postgres", "nobody"];

    /// <summary>Whether this process is root, so PostgreSQL must run as someone else.</summary>
    [UnsupportedOSPlatformGuard("windows")]
    public static bool Required => Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows();

    /// <summary>Why there is no user to run as, in the words validation shows.</summary>
    public static string MissingMessage(string resourceName) =>
        $"PostgreSQL server '{resourceName}': PostgreSQL refuses to run as root, and this AppHost runs as root, but there is no " +
        $"'{Candidates[0]}' or '{Candidates[1]}' user to run it as. Create one (useradd --system --user-group postgres) or run the AppHost as a normal user.";

    /// <summary>The first candidate account in /etc/passwd, or null.</summary>
    public static UnprivilegedUser? Find()
    {
        if (!File.Exists("/etc/passwd")) return null;
        var users = File.ReadLines("/etc/passwd").Select(line => line.Split(':'))
            .Where(f => f.Length >= 4 && uint.TryParse(f[2], CultureInfo.InvariantCulture, out _) && uint.TryParse(f[3], CultureInfo.InvariantCulture, out _))
            .ToDictionary(f => f[0], f => new UnprivilegedUser(f[0], uint.Parse(f[2], CultureInfo.InvariantCulture), uint.Parse(f[3], CultureInfo.InvariantCulture)), StringComparer.Ordinal);
        return Candidates.Select(users.GetValueOrDefault).FirstOrDefault(u => u is { Uid: not 0 });
    }

    /// <summary>The program that switches to this user: <c>setpriv</c> (util-linux).</summary>
    public static string Switcher => ExecutableLookup.Find("setpriv", "/") ?? "setpriv";

    /// <summary>The arguments of <see cref="Switcher"/> before the program to run.</summary>
    public IReadOnlyList<string> SwitchArgs =>
    [
        $"--reuid={Uid.ToString(CultureInfo.InvariantCulture)}",
        $"--regid={Gid.ToString(CultureInfo.InvariantCulture)}",
        "--init-groups",
        "--",
    ];

    /// <summary>Hands a file or folder to this user.</summary>
    public void Own(string path)
    {
        if (Chown(path, Uid, Gid) != 0)
            throw new DistributedApplicationException($"Could not hand '{path}' to user '{Name}': {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>
    /// Lets this user pass through (never list) the folders above <paramref name="path"/> that belong to
    /// the AppHost (<paramref name="ownFolders"/> and below): they are private (0700) otherwise.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public static void AllowPassage(string path, IEnumerable<string> ownFolders)
    {
        var roots = ownFolders.Select(Path.TrimEndingDirectorySeparator).ToList();
        for (var dir = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(path)); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (!roots.Any(root => dir == root || dir.StartsWith(root + "/", StringComparison.Ordinal))) continue;
            var mode = File.GetUnixFileMode(dir);
            if ((mode & UnixFileMode.OtherExecute) == 0) File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
        }
    }

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, uint owner, uint group);
}
