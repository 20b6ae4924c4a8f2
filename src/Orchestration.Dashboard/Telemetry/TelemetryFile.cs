using System.IO.Compression;
using System.Text.Json;

namespace Orchestration.Dashboard.Telemetry;

/// <summary>
/// The store on disk (<c>Dashboard:Persist</c>): gzip'd JSON, readable by the user only (0600),
/// replaced whole (written beside, then renamed), so a crash mid-write leaves the previous file.
/// </summary>
internal static class TelemetryFile
{
    public const string FileName = "dashboard-telemetry.json.gz";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public static void Save(TelemetryStore store, string path)
    {
        var partial = path + ".partial";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            File.Delete(partial); // the mode applies only to a file that is created
        }
        using (var file = new FileStream(partial, options))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            JsonSerializer.Serialize(gzip, store.Snapshot(), Json);
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>Reads a saved store; null when there is none. Throws <see cref="InvalidDataException"/> for a file it cannot read.</summary>
    public static TelemetrySnapshot? Load(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            var snapshot = JsonSerializer.Deserialize<TelemetrySnapshot>(gzip, Json);
            return snapshot is { Format: TelemetrySnapshot.CurrentFormat } ? snapshot
                : throw new InvalidDataException($"{path} is of another format ({snapshot?.Format}).");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException && e is not FileNotFoundException)
        {
            throw new InvalidDataException($"{path} cannot be read: {e.Message}", e);
        }
    }
}
