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

/// <summary>The statuses the api writes; the worker moves a document on to <c>processed</c>.</summary>
public static class DocumentStatus
{
    public const string Queued = "queued";
    public const string Failed = "failed";
}
