using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Hosting.Publishing.Compose;
using Orchestration.Hosting.Publishing.Kubernetes;
using Orchestration.Hosting.Publishing.Manifest;

namespace Orchestration.Hosting.Publishing;

/// <summary>The AppHost project's folder, for publishers that write paths relative to it.</summary>
internal sealed record AppHostLocation(string Directory);

/// <summary>
/// Writes the model for one deployment target. Starts nothing and reads no parameter value: the output
/// is the same on every machine and on every run, so it can be committed and checked for staleness.
/// </summary>
internal static class Publisher
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<string> PublishAsync(IServiceProvider services, PublishTarget target, string? output, CancellationToken cancellationToken = default)
    {
        var appHost = services.GetRequiredService<AppHostLocation>().Directory;
        var folder = Path.GetFullPath(output ?? Path.Combine(RepositoryRoot(appHost), "manifests", target.ToString().ToLowerInvariant()));
        var files = await GenerateAsync(services, target, folder, cancellationToken).ConfigureAwait(false);
        foreach (var (path, content) in files)
        {
            var file = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            // Unchanged files keep their timestamps, so a rerun touches nothing.
            if (File.Exists(file) && File.ReadAllText(file, Utf8) == content) continue;
            await File.WriteAllTextAsync(file, content, Utf8, cancellationToken).ConfigureAwait(false);
        }
        return folder;
    }

    /// <summary>The files of one target, by path relative to <paramref name="folder"/> (where they will be written: build contexts are relative to it).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> GenerateAsync(IServiceProvider services, PublishTarget target, string folder, CancellationToken cancellationToken = default)
    {
        var model = await PublishedModel.CreateAsync(
            services.GetRequiredService<DistributedApplicationModel>(), services, services.GetRequiredService<AppHostLocation>().Directory, cancellationToken).ConfigureAwait(false);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var output = new PublishOutput(folder, files);
        switch (target)
        {
            case PublishTarget.Manifest: await ManifestWriter.WriteAsync(model, output, cancellationToken).ConfigureAwait(false); break;
            case PublishTarget.Compose: await ComposeWriter.WriteAsync(model, output, cancellationToken).ConfigureAwait(false); break;
            case PublishTarget.Kubernetes: await KubernetesWriter.WriteAsync(model, output, cancellationToken).ConfigureAwait(false); break;
        }
        return files;
    }

    /// <summary>The nearest folder above the AppHost with a solution or a git checkout; manifests/ goes there.</summary>
    private static string RepositoryRoot(string appHost)
    {
        for (var dir = new DirectoryInfo(appHost); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.sln").Any() || Path.Exists(Path.Combine(dir.FullName, ".git"))) return dir.FullName;
        }
        return appHost;
    }
}

/// <summary>Where a writer puts its files: in memory first, so they can be compared before anything is written.</summary>
internal sealed class PublishOutput(string folder, IDictionary<string, string> files)
{
    public string Folder { get; } = folder;

    public void Add(string path, string content) => files[path.Replace('\\', '/')] = content.ReplaceLineEndings("\n");

    /// <summary>A path of the machine as the output refers to it: relative to the output folder, with forward slashes.</summary>
    public string Relative(string path) => Path.GetRelativePath(Folder, path).Replace('\\', '/');
}
