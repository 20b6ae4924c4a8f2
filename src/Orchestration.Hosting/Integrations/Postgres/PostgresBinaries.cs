using System.Globalization;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.Integrations.Postgres;

/// <summary>
/// Where the PostgreSQL server programs are: next to a <c>postgres</c> on PATH, else the newest
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (Debian keeps them off PATH).
/// </summary>
internal static class PostgresBinaries
{
    public const string InstallHint = "apt-get install postgresql";
    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>The folder holding <c>postgres</c> and <c>initdb</c>, or null when PostgreSQL is not installed.</summary>
    public static string? FindDirectory()
    {
        if (ExecutableLookup.Find("postgres", "/") is { } onPath)
        {
            // /usr/local/bin/postgres may be a link into the real bin folder, where initdb also is.
            var real = File.ResolveLinkTarget(onPath, returnFinalTarget: true)?.FullName ?? onPath;
            return Path.GetDirectoryName(real);
        }
        if (!Directory.Exists(DebianRoot)) return null;
        return Directory.EnumerateDirectories(DebianRoot)
            .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: decimal.TryParse(Path.GetFileName(dir), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(c => File.Exists(Path.Combine(c.Dir, "postgres")))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Dir)
            .FirstOrDefault();
    }

    /// <summary>The server program, or the bare name (validation then says how to install it).</summary>
    public static string Postgres => FindDirectory() is { } dir ? Path.Combine(dir, "postgres") : "postgres";

    /// <summary>The cluster initialiser next to the server.</summary>
    public static string Initdb => FindDirectory() is { } dir ? Path.Combine(dir, "initdb") : "initdb";
}
