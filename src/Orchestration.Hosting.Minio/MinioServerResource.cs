namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A MinIO (S3) server. Its connection string is <c>Endpoint=http://host:port;AccessKey=...;SecretKey=...</c>,
/// the form the api reads.
/// </summary>
public sealed class MinioServerResource(string name, ParameterResource rootUser, ParameterResource rootPassword)
    : ContainerResource(name), IResourceWithConnectionString
{
    /// <summary>The S3 API's endpoint name.</summary>
    public const string PrimaryEndpointName = "http";

    /// <summary>The access key.</summary>
    public ParameterResource RootUser { get; } = rootUser;

    /// <summary>The secret key.</summary>
    public ParameterResource RootPassword { get; } = rootPassword;

    /// <summary>The S3 API.</summary>
    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint={PrimaryEndpoint.Property(EndpointProperty.Url)};AccessKey={RootUser};SecretKey={RootPassword}");
}

/// <summary>A bucket in a MinIO server: the server's connection string plus <c>;Bucket={name}</c>.</summary>
public sealed class MinioBucketResource(string name, string bucketName, MinioServerResource parent)
    : Resource(name), IResourceWithParent<MinioServerResource>, IResourceWithConnectionString
{
    /// <summary>The bucket's name in S3.</summary>
    public string BucketName { get; } = bucketName;

    /// <inheritdoc />
    public MinioServerResource Parent { get; } = parent;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent.ConnectionStringExpression};Bucket={BucketName}");
}
