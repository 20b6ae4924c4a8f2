using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.Integrations.Minio;

/// <summary>
/// The pinned s3rver package, installed with npm on first use into a git-ignored folder of the AppHost
/// (<c>.tools/s3rver-3.7.1</c>; configuration <c>Orchestration:ToolsDirectory</c> moves <c>.tools</c>,
/// e.g. to share one install between checkouts). Installs go to a staging folder that is renamed into
/// place when complete, under a file lock, so parallel runs neither download twice nor see half an install.
/// </summary>
internal sealed class S3rverInstallation(IConfiguration configuration, string appHostDirectory)
{
    public const string Version = "3.7.1";
    public const string ToolsDirectoryKey = "Orchestration:ToolsDirectory";
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    public string ToolsDirectory => configuration[ToolsDirectoryKey] is { Length: > 0 } configured
        ? Path.GetFullPath(configured, appHostDirectory)
        : Path.Combine(appHostDirectory, ".tools");

    public string Directory => Path.Combine(ToolsDirectory, $"s3rver-{Version}");

    /// <summary>The package itself: what the launch script requires.</summary>
    public string ModuleDirectory => Path.Combine(Directory, "node_modules", "s3rver");

    public bool IsInstalled => InstalledVersion(ModuleDirectory) == Version;

    public async Task EnsureInstalledAsync(Action<string> report, CancellationToken cancellationToken)
    {
        if (IsInstalled) return;
        System.IO.Directory.CreateDirectory(ToolsDirectory);
        using var installLock = await LockAsync(Path.Combine(ToolsDirectory, $"s3rver-{Version}.lock"), cancellationToken).ConfigureAwait(false);
        if (IsInstalled) return; // another run installed it while we waited

        var npm = ExecutableLookup.Find("npm", ToolsDirectory)
            ?? throw new DistributedApplicationException($"s3rver {Version} is not installed yet and npm, which installs it, is not on PATH. Install it: apt-get install npm (or put a minio binary on PATH).");
        var staging = Path.Combine(ToolsDirectory, $".s3rver-{Version}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(staging);
        try
        {
            // A package.json of its own makes the staging folder npm's project root, whatever lies above it.
            await File.WriteAllTextAsync(Path.Combine(staging, "package.json"), "{ \"private\": true }\n", cancellationToken).ConfigureAwait(false);
            report($"installing s3rver@{Version} from the npm registry into {Directory} (first use only)");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(InstallTimeout);
            // --ignore-scripts: s3rver and its dependencies are plain JavaScript; no install script gets to run.
            var result = await ToolCommand.RunAsync(npm,
                ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", staging, $"s3rver@{Version}"],
                staging, timeout.Token, report).ConfigureAwait(false);
            var installed = InstalledVersion(Path.Combine(staging, "node_modules", "s3rver"));
            if (!result.Succeeded || installed != Version)
                throw new DistributedApplicationException(
                    $"Installing s3rver@{Version} with npm failed (exit code {result.ExitCode}{(installed is null ? "" : $", installed {installed}")}). " +
                    $"Check that the npm registry is reachable, or put a minio binary on PATH. npm said: {Tail(result.Output)}");
            System.IO.Directory.Move(staging, Directory);
            report($"installed s3rver@{Version}");
        }
        finally
        {
            if (System.IO.Directory.Exists(staging))
            {
                try { System.IO.Directory.Delete(staging, recursive: true); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }

    private static string? InstalledVersion(string moduleDirectory)
    {
        var manifest = Path.Combine(moduleDirectory, "package.json");
        if (!File.Exists(manifest)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An exclusive lock on a file (flock on Unix): held by one process at a time, released when disposed or when the process dies.</summary>
    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Tail(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(nothing)" : string.Join(" / ", lines.TakeLast(5));
    }
}
