using Microsoft.Extensions.DependencyInjection;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.Integrations.Nginx;

/// <summary>
/// How a gateway runs as a native process: <c>nginx -p &lt;run folder&gt; -c nginx.conf -g 'daemon off;'</c>
/// with a configuration generated (and checked with <c>nginx -t</c>) just before each start.
/// </summary>
internal static partial class NginxLocalRun
{
    private const string ConfigFileName = "nginx.conf";

    public static void AddArgs(NginxResource nginx, CommandLineArgsCallbackContext context)
    {
        var runFolder = context.Services.GetRequiredService<AppHostDirectories>().RunFolder(nginx.Name);
        context.Args.AddRange(CommonArgs(runFolder));
        context.Args.AddRange(["-g", "daemon off;"]);
    }

    /// <summary>Before each start: write the configuration for this run's ports and check it with <c>nginx -t</c>.</summary>
    public static async Task PrepareAsync(NginxResource nginx, ResourceEventContext context)
    {
        var runFolder = context.Services.GetRequiredService<AppHostDirectories>().RunFolder(nginx.Name);
        Directory.CreateDirectory(Path.Combine(runFolder, "temp"));
        var config = await NginxConfigWriter.WriteAsync(nginx, context.Resolver, runFolder, context.CancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(runFolder, NginxConfigWriter.MimeTypesFileName), NginxConfigWriter.MimeTypes, context.CancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(runFolder, ConfigFileName), config, context.CancellationToken).ConfigureAwait(false);

        var check = await ToolCommand.RunAsync(nginx.Command, ["-t", "-q", .. CommonArgs(runFolder)], nginx.WorkingDirectory, context.CancellationToken).ConfigureAwait(false);
        if (!check.Succeeded)
            throw new DistributedApplicationException(
                $"nginx rejected the generated configuration {Path.Combine(runFolder, ConfigFileName)}: {LogPrefix().Replace(check.Output, "").ReplaceLineEndings(" / ")}");
    }

    /// <summary>The timestamp and pid nginx puts before each message: noise in an error that names the cause.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d (?=\[)|(?<=\] )\d+#\d+: ", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex LogPrefix();

    /// <summary>Everything relative to the run folder; startup errors to stderr rather than a log file under /var.</summary>
    private static string[] CommonArgs(string runFolder) => ["-p", runFolder + "/", "-c", Path.Combine(runFolder, ConfigFileName), "-e", "stderr"];
}
