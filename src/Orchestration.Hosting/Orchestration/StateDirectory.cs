using System.Security.Cryptography;
using System.Text;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// The per-machine folder of one AppHost (generated secrets, data volumes): outside the repository,
/// readable by its owner only.
/// </summary>
internal sealed class StateDirectory(DistributedApplicationOptions options, string appHostDirectory)
{
    private string? _path;

    public string Path => _path ??= Create();

    private string Create()
    {
        var path = options.StateDirectory ?? DefaultFor(appHostDirectory);
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string DefaultFor(string appHostDirectory)
    {
        var root = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        // One folder per AppHost checkout: two clones of the stack do not share passwords or data.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(appHostDirectory)))[..10];
        var name = System.IO.Path.GetFileName(appHostDirectory).ToLowerInvariant();
        return System.IO.Path.Combine(root, "orchestration", $"{name}-{hash}");
    }
}
