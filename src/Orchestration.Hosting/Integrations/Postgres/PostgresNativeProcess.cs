using Microsoft.Extensions.DependencyInjection;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.Integrations.Postgres;

/// <summary>Where one server keeps its files in this run: the data folder and the folder of its Unix socket.</summary>
internal sealed record PostgresFolders(string Data, string Run, bool DataIsKept)
{
    public static PostgresFolders Of(PostgresServerResource server, AppHostDirectories directories)
    {
        var run = directories.RunFolder(server.Name);
        return server.DataVolumeName is { } volume
            ? new(directories.DataVolume(server.Name, volume), run, DataIsKept: true)
            : new(Path.Combine(run, "data"), run, DataIsKept: false);
    }

    /// <summary>
    /// Whether the server says it accepts connections (<c>postmaster.pid</c>, as <c>pg_ctl</c> reads it).
    /// Asking earlier only earns a "the database system is starting up" line in its log per attempt.
    /// </summary>
    public bool ServerSaysReady()
    {
        try
        {
            // Lines: pid, data folder, start time, port, socket folder, listen address, shared memory key, status.
            var lines = File.ReadAllLines(Path.Combine(Data, "postmaster.pid"));
            return lines.Length >= 8 && lines[7].Trim() == "ready";
        }
        catch (IOException)
        {
            return false; // not written yet, or being rewritten
        }
        catch (UnauthorizedAccessException)
        {
            return true; // cannot tell: the query decides
        }
    }

    /// <summary>The AppHost's own folders above these, which the server's user may need to pass through.</summary>
    public IEnumerable<string> OwnRoots(AppHostDirectories directories) => DataIsKept ? [directories.Run, directories.State] : [directories.Run];
}

/// <summary>
/// The native launch of a PostgreSQL server: <c>initdb</c> into an empty data folder before the first
/// start, then <c>postgres -D &lt;data&gt; -h 127.0.0.1 -p &lt;port&gt; -k &lt;run folder&gt;</c>. As root, both run as
/// an unprivileged user (PostgreSQL refuses root) that owns the data and socket folders.
/// </summary>
internal static class PostgresNativeProcess
{
    /// <summary>The arguments of <c>postgres</c> (after the user switch when root).</summary>
    public static void AddArgs(PostgresServerResource server, CommandLineArgsCallbackContext context)
    {
        var folders = PostgresFolders.Of(server, context.Services.GetRequiredService<AppHostDirectories>());
        if (UnprivilegedUser.Required)
        {
            var user = UnprivilegedUser.Find() ?? throw new DistributedApplicationException(UnprivilegedUser.MissingMessage(server.Name));
            context.Args.AddRange(user.SwitchArgs);
            context.Args.Add(PostgresBinaries.Postgres);
        }
        context.Args.AddRange(
        [
            "-D", folders.Data,
            "-h", server.PrimaryEndpoint.Property(EndpointProperty.Host),
            "-p", server.PrimaryEndpoint.Property(EndpointProperty.TargetPort),
            "-k", folders.Run,
        ]);
    }

    /// <summary>Before each start: the folders, handed to the server's user when root, and the cluster, made once.</summary>
    public static async Task PrepareAsync(PostgresServerResource server, ResourceEventContext context)
    {
        var directories = context.Services.GetRequiredService<AppHostDirectories>();
        var folders = PostgresFolders.Of(server, directories);
        // Started from a folder its user can enter: PostgreSQL returns to where it started while it finds its own binary.
        server.WorkingDirectory = folders.Run;
        var fresh = !Directory.Exists(folders.Data) || !Directory.EnumerateFileSystemEntries(folders.Data).Any();
        if (!Directory.Exists(folders.Data))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folders.Data);
            else Directory.CreateDirectory(folders.Data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        UnprivilegedUser? user = null;
        if (UnprivilegedUser.Required)
        {
            user = UnprivilegedUser.Find() ?? throw new DistributedApplicationException(UnprivilegedUser.MissingMessage(server.Name));
            UnprivilegedUser.AllowPassage(folders.Data, folders.OwnRoots(directories));
            UnprivilegedUser.AllowPassage(folders.Run, folders.OwnRoots(directories));
            user.Own(folders.Run);
            // An existing cluster keeps its owner: handing someone else's data to our user would hide the real problem.
            if (fresh) user.Own(folders.Data);
        }

        if (!File.Exists(Path.Combine(folders.Data, "PG_VERSION")))
            await InitDbAsync(server, folders, user, context).ConfigureAwait(false);
    }

    private static async Task InitDbAsync(PostgresServerResource server, PostgresFolders folders, UnprivilegedUser? user, ResourceEventContext context)
    {
        var cancellationToken = context.CancellationToken;
        var userName = await server.UserNameReference.GetValueAsync(context.Resolver, cancellationToken).ConfigureAwait(false);
        var password = await server.PasswordParameter.GetValueAsync(context.Resolver, cancellationToken).ConfigureAwait(false);

        // The password goes through a file readable by the server's user only, never on a command line.
        var passwordFile = Path.Combine(folders.Run, "initdb-password");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(passwordFile, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteLineAsync(password).ConfigureAwait(false);
        }
        try
        {
            user?.Own(passwordFile);
            List<string> args =
            [
                "-D", folders.Data,
                "-U", userName ?? PostgresServerResource.DefaultUserName,
                $"--pwfile={passwordFile}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ];
            // Throwaway data need not wait for the disk; a data volume is synced like any cluster.
            if (!folders.DataIsKept) args.Add("--no-sync");
            var (program, programArgs) = user is null
                ? (PostgresBinaries.Initdb, args)
                : (UnprivilegedUser.Switcher, [.. user.SwitchArgs, PostgresBinaries.Initdb, .. args]);

            var result = await ToolCommand.RunAsync(program, programArgs, folders.Run, cancellationToken).ConfigureAwait(false);
            var (exitCode, output) = (result.ExitCode, result.Tail(5)); // initdb's errors come last, after its progress
            if (exitCode != 0)
                throw new DistributedApplicationException($"initdb failed with exit code {exitCode} for '{folders.Data}': {output}{Blocked(folders.Data, user)}");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>When the server's user is likely kept out of the data folder: by which folder above it, and what to do.</summary>
    private static string Blocked(string data, UnprivilegedUser? user)
    {
        if (user is null || OperatingSystem.IsWindows()) return "";
        var closed = new List<string>();
        for (var dir = Path.GetDirectoryName(data); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if ((File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0) closed.Add(dir);
        }
        if (closed.Count == 0) return "";
        closed.Reverse();
        var quoted = closed.Select(d => $"'{d}'").ToList();
        var names = quoted.Count == 1 ? quoted[0] : $"{string.Join(", ", quoted[..^1])} and {quoted[^1]}";
        return $". PostgreSQL refuses to run as root, so it runs as user '{user.Name}' here, and {names} {(closed.Count == 1 ? "does" : "do")} not let that user pass. " +
               $"Allow it (chmod o+x {string.Join(" ", quoted)}), or keep the AppHost's state where that user can reach it (StateDirectory, or XDG_STATE_HOME).";
    }
}
