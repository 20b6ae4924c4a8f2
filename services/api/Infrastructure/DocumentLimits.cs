namespace Api.Infrastructure;

/// <summary>How large a document may be.</summary>
public static class DocumentLimits
{
    public const long MaxBytes = 100L * 1024 * 1024;

    /// <summary>
    /// Kestrel's MaxRequestBodySize. For chunked bodies Kestrel counts the chunk framing too (a 100 MiB
    /// upload from curl is refused some 13 KB short of the limit), so Kestrel gets this much slack and the
    /// upload itself enforces <see cref="MaxBytes"/> on the document's bytes.
    /// </summary>
    public const long KestrelMaxRequestBodySize = MaxBytes + 1024 * 1024;

    public const int MaxNameLength = 255;

    public static readonly string TooLargeMessage = $"Documents are limited to 100 MB ({MaxBytes} bytes).";
}
