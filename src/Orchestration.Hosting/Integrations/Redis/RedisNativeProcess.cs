using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Integrations.Redis;

/// <summary>Where one Redis server keeps its files in this run: its configuration file and its data folder.</summary>
internal sealed record RedisFolders(string ConfigFile, string Data, bool DataIsKept)
{
    public static RedisFolders Of(RedisResource redis, AppHostDirectories directories)
    {
        var run = directories.RunFolder(redis.Name);
        return redis.DataVolumeName is { } volume
            ? new(Path.Combine(run, "redis.conf"), directories.DataVolume(redis.Name, volume), DataIsKept: true)
            : new(Path.Combine(run, "redis.conf"), run, DataIsKept: false);
    }
}

/// <summary>
/// The native launch of a Redis server: <c>redis-server &lt;run folder&gt;/redis.conf</c>, a file written
/// before each start (0600) with the address, port and password, so the password never shows on a
/// command line where <c>ps</c> would show it to everyone.
/// </summary>
internal static class RedisNativeProcess
{
    public static void AddArgs(RedisResource redis, CommandLineArgsCallbackContext context)
        => context.Args.Add(RedisFolders.Of(redis, context.Services.GetRequiredService<AppHostDirectories>()).ConfigFile);

    public static async Task WriteConfigAsync(RedisResource redis, ResourceEventContext context)
    {
        var cancellationToken = context.CancellationToken;
        var folders = RedisFolders.Of(redis, context.Services.GetRequiredService<AppHostDirectories>());
        var host = await redis.PrimaryEndpoint.Property(EndpointProperty.Host).GetValueAsync(context.Resolver, cancellationToken).ConfigureAwait(false);
        var port = await redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort).GetValueAsync(context.Resolver, cancellationToken).ConfigureAwait(false);
        var password = await redis.PasswordParameter.GetValueAsync(context.Resolver, cancellationToken).ConfigureAwait(false);

        var config = new StringBuilder()
            .AppendLine("# Written by the AppHost before each start. It holds the password: readable by its owner only.")
            .AppendLine($"bind {host}")
            .AppendLine($"port {port}")
            .AppendLine("protected-mode yes")
            .AppendLine($"requirepass {Quote(password ?? "")}")
            .AppendLine("daemonize no")
            .AppendLine("logfile \"\"")
            .AppendLine($"dir {Quote(folders.Data)}");
        // With a volume: every write goes to the append-only file (fsync each second), and the usual
        // snapshots stay on. Without: nothing is written to disk at all.
        config.AppendLine(folders.DataIsKept ? "appendonly yes" : "appendonly no");
        if (!folders.DataIsKept) config.AppendLine("save \"\"");

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var stream = new FileStream(folders.ConfigFile, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(config, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A value as a double-quoted string of Redis's configuration syntax.</summary>
    internal static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
