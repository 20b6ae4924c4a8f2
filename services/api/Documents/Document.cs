namespace Api.Documents;

/// <summary>One row of <c>documents</c>, as the api returns it; null fields are left out of the JSON.</summary>
public sealed record Document(
    Guid Id,
    string Name,
    long Size,
    string Status,
    string? Sha256,
    long? Lines,
    string? Error,
    DateTime CreatedAt,
    DateTime? ProcessedAt);

/// <summary>
/// The statuses the api writes: <c>uploading</c> while its object is being stored (never answered 2xx yet), then
/// <c>queued</c>. The worker moves a queued document on to <c>processed</c> or <c>failed</c>.
/// </summary>
public static class DocumentStatus
{
    public const string Uploading = "uploading";
    public const string Queued = "queued";
}
