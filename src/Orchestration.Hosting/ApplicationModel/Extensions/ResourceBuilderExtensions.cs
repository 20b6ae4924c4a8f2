using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting;

/// <summary>Adding the basic resources: executables, .NET projects, containers.</summary>
internal static class ResourceBuilderExtensions
{
    /// <summary>
    /// Any program, run as a native process.
    /// <code>builder.AddExecutable("web", "python3", "../web", "-m", "http.server").WithHttpEndpoint(env: "PORT")</code>
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name (a DNS label).</param>
    /// <param name="command">A program on PATH, or a path relative to <paramref name="workingDirectory"/>.</param>
    /// <param name="workingDirectory">Where it runs, relative to the AppHost folder.</param>
    /// <param name="args">Its arguments.</param>
    public static IResourceBuilder<ExecutableResource> AddExecutable(this IDistributedApplicationBuilder builder, string name, string command, string workingDirectory, params object[] args)
    {
        var resource = new ExecutableResource(name, command, ResolvePath(builder, workingDirectory));
        var result = builder.AddResource(resource);
        return args.Length == 0 ? result : result.WithArgs(args);
    }

    /// <summary>
    /// A .NET project, built with the AppHost and started from its build output.
    /// The AppHost project references it with <c>ReferenceOutputAssembly="false"</c>.
    /// <code>builder.AddProject("api", "../services/api/Api.csproj").WithHttpEndpoint()</code>
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        var fullPath = ResolvePath(builder, projectPath);
        var target = (builder as DistributedApplicationBuilder)?.Metadata.TargetPathOf(fullPath);
        var resource = new ProjectResource(name, fullPath, target);
        return builder.AddResource(resource)
            .WithAnnotation(Integrations.Project.ProjectContainerForm.For(resource))
            .WithArgs(ctx => ctx.Args.Insert(0, resource.TargetPath ?? ""))
            .WithEnvironment(ctx =>
            {
                // ASP.NET Core listens where the model says: every HTTP endpoint, on loopback.
                var urls = ctx.Resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.IsHttp)
                    .Select(e => new EndpointReference(resource, e.Name).Property(EndpointProperty.Url)).ToList();
                if (urls.Count > 0) ctx.EnvironmentVariables["ASPNETCORE_URLS"] = Join(urls, ";");
                ctx.EnvironmentVariables.TryAdd("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName);
                ctx.EnvironmentVariables.TryAdd("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
            });
    }

    /// <summary>
    /// A container image with ports, volumes and environment (written by the publishers; running it
    /// locally needs a container engine).
    /// <code>builder.AddContainer("mail", "axllent/mailpit", "v1.20").WithHttpEndpoint(targetPort: 8025)</code>
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddContainer(this IDistributedApplicationBuilder builder, string name, string image, string tag = "latest")
        => builder.AddResource(new ContainerResource(name)).WithAnnotation(new ContainerImageAnnotation(image, tag));

    /// <summary>Mounts a named volume into a container: <c>.WithVolume("pgdata", "/var/lib/postgresql/data")</c>.</summary>
    public static IResourceBuilder<ContainerResource> WithVolume(this IResourceBuilder<ContainerResource> builder, string? name, string target, bool isReadOnly = false)
        => builder.WithAnnotation(new ContainerMountAnnotation(name, target, IsVolume: true, isReadOnly));

    /// <summary>Mounts a host folder into a container: <c>.WithBindMount("./conf", "/etc/app", isReadOnly: true)</c>.</summary>
    public static IResourceBuilder<ContainerResource> WithBindMount(this IResourceBuilder<ContainerResource> builder, string source, string target, bool isReadOnly = false)
        => builder.WithAnnotation(new ContainerMountAnnotation(ResolvePath(builder.ApplicationBuilder, source), target, IsVolume: false, isReadOnly));

    /// <summary>The folder a process starts in, relative to the AppHost folder.</summary>
    public static IResourceBuilder<T> WithWorkingDirectory<T>(this IResourceBuilder<T> builder, string workingDirectory) where T : IProcessResource
    {
        builder.Resource.WorkingDirectory = ResolvePath(builder.ApplicationBuilder, workingDirectory);
        return builder;
    }

    /// <summary>Runs <paramref name="replicas"/> copies, each on its own ports: <c>.WithReplicas(3)</c>.</summary>
    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas) where T : IProcessResource
        => builder.WithAnnotation(new ReplicaAnnotation(replicas));

    /// <summary>How to install the program when it is missing, shown by validation: <c>.WithInstallHint("apt-get install nginx-light")</c>.</summary>
    public static IResourceBuilder<T> WithInstallHint<T>(this IResourceBuilder<T> builder, string hint) where T : IProcessResource
        => builder.WithAnnotation(new InstallHintAnnotation(hint));

    internal static string ResolvePath(IDistributedApplicationBuilder builder, string path)
        => Path.GetFullPath(Path.Combine(builder.AppHostDirectory, path));

    internal static ReferenceExpression Join(IReadOnlyList<IValueProvider> values, string separator)
    {
        var handler = new ExpressionInterpolatedStringHandler(0, values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) handler.AppendLiteral(separator);
            handler.AppendFormatted(values[i]);
        }
        return ReferenceExpression.Create(handler);
    }
}
