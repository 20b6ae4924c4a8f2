namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A bucket in a <see cref="MinioServerResource"/>, created (if missing) once the server is healthy.
/// Its connection string is the server's plus <c>;Bucket={name}</c>.
/// </summary>
internal sealed class MinioBucketResource(string name, string bucketName, MinioServerResource parent)
    : Resource(name), IResourceWithParent, IResourceWithConnectionString
{
    /// <summary>The bucket's name in S3.</summary>
    public string BucketName { get; } = bucketName;

    /// <summary>The server that holds the bucket.</summary>
    public MinioServerResource Parent { get; } = parent;

    IResource IResourceWithParent.Parent => Parent;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent.ConnectionStringExpression};Bucket={BucketName}");
}
