namespace Orchestration.Hosting.ApplicationModel;

// What a resource can take from the builder. The extension methods are constrained by these,
// so `WithHttpEndpoint` is offered only where an endpoint makes sense.

/// <summary>A resource that receives environment variables.</summary>
internal interface IResourceWithEnvironment : IResource;

/// <summary>A resource that receives command-line arguments.</summary>
internal interface IResourceWithArgs : IResource;

/// <summary>A resource that listens on endpoints.</summary>
internal interface IResourceWithEndpoints : IResource;

/// <summary>A resource that can wait for others before it starts.</summary>
internal interface IResourceWithWaitSupport : IResource;

/// <summary>A resource whose clients connect with a connection string (a database, a cache, a bucket).</summary>
internal interface IResourceWithConnectionString : IResource, IValueProvider
{
    /// <summary>The connection string as an expression over endpoints and parameters.</summary>
    ReferenceExpression ConnectionStringExpression { get; }

    /// <summary>The configuration key it is injected under: <c>ConnectionStrings__{key}</c>.</summary>
    string ConnectionStringName => Name;

    ValueTask<string?> IValueProvider.GetValueAsync(ValueResolver resolver, CancellationToken cancellationToken)
        => ConnectionStringExpression.GetValueAsync(resolver, cancellationToken);
}

/// <summary>A resource that lives inside another one (a database inside a server). It has no process of its own.</summary>
internal interface IResourceWithParent : IResource
{
    /// <summary>The resource that hosts this one.</summary>
    IResource Parent { get; }
}

/// <summary>A resource the local runner starts as a native process.</summary>
internal interface IProcessResource : IResourceWithEnvironment, IResourceWithArgs, IResourceWithEndpoints, IResourceWithWaitSupport
{
    /// <summary>The program: a name looked up on PATH, or a path.</summary>
    string Command { get; }

    /// <summary>The folder the process starts in.</summary>
    string WorkingDirectory { get; set; }
}
