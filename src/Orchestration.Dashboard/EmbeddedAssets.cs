using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;

namespace Orchestration.Dashboard;

/// <summary>
/// The page files of wwwroot/, embedded in the assembly: hosted in an AppHost, the content root is
/// the AppHost's folder, so files on disk would not be found.
/// </summary>
internal sealed class EmbeddedAssets
{
    private readonly Assembly _assembly = typeof(EmbeddedAssets).Assembly;
    private readonly FileExtensionContentTypeProvider _contentTypes = new();

    /// <summary>The file at <paramref name="path"/> (relative to wwwroot/), or null.</summary>
    public (byte[] Content, string ContentType)? Get(string path)
    {
        if (path.Contains("..", StringComparison.Ordinal)) return null;
        using var stream = _assembly.GetManifestResourceStream("wwwroot/" + path);
        if (stream is null) return null;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return (buffer.ToArray(), _contentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream");
    }
}
