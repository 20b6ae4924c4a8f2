using Api.Infrastructure;

namespace Api.Documents;

/// <summary>
/// A request body read whole before anything is stored: in memory up to <see cref="MemoryBytes"/>, in a temporary file
/// (deleted when disposed) beyond, and never more than <see cref="DocumentLimits.MaxBytes"/>.
/// </summary>
/// <remarks>
/// Why read it all first: an upload refused half-way (over the limit, client gone) must leave nothing in S3. Streaming
/// it as a multipart upload leaves its parts behind whenever the abort is refused (s3rver answers 405 to
/// AbortMultipartUpload), ~97 MB per over-limit upload. Spooled, the body is known whole and within the limit before
/// S3 sees a byte, and goes up as one plain PutObject from a seekable stream.
/// </remarks>
public sealed class DocumentSpool : IAsyncDisposable
{
    /// <summary>8 MiB: most documents never touch the disk.</summary>
    public const int MemoryBytes = 8 * 1024 * 1024;

    private DocumentSpool(Stream content, long length)
    {
        Content = content;
        Length = length;
    }

    /// <summary>The body, positioned at its start, seekable.</summary>
    public Stream Content { get; }

    public long Length { get; }

    /// <summary>Reads <paramref name="body"/> to its end.</summary>
    /// <exception cref="BadHttpRequestException">413 as soon as the body is longer than <see cref="DocumentLimits.MaxBytes"/>.</exception>
    public static async Task<DocumentSpool> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var memory = new MemoryStream();
        var buffer = new byte[81920];
        Stream target = memory;
        long total = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > DocumentLimits.MaxBytes)
                    throw new BadHttpRequestException(DocumentLimits.TooLargeMessage, StatusCodes.Status413PayloadTooLarge);
                if (target == memory && memory.Length + read > MemoryBytes)
                {
                    target = TemporaryFile();
                    memory.Position = 0;
                    await memory.CopyToAsync(target, cancellationToken);
                    memory.Dispose();
                }
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            await target.FlushAsync(cancellationToken);
            target.Position = 0;
            return new DocumentSpool(target, total);
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    private static FileStream TemporaryFile()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        };
        // Someone's document: readable by the api's user only.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(Path.Combine(Path.GetTempPath(), $"api-upload-{Guid.NewGuid():N}.tmp"), options);
    }
}
