using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting;

/// <summary>Entry point of an AppHost: <c>var builder = DistributedApplication.CreateBuilder(args);</c></summary>
internal sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly HostApplicationBuilder _host;
    private readonly List<IResource> _resources = [];

    internal DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        Metadata = ProjectMetadata.Load(options.AppHostAssembly ?? System.Reflection.Assembly.GetEntryAssembly());
        AppHostDirectory = Path.GetFullPath(options.AppHostDirectory ?? Metadata.AppHostDirectory ?? Directory.GetCurrentDirectory());
        // The model reads its configuration once, at build time, so watching appsettings.json for changes
        // buys nothing; and the watcher covers the whole AppHost folder recursively, node_modules and bin/
        // included (314 inotify watches for the sample), against the machine's inotify limits. A source of
        // its own, so DOTNET_hostBuilder__reloadConfigOnChange or the command line can still turn it on.
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
        _host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = options.Args,
            ContentRootPath = AppHostDirectory,
            Configuration = configuration,
        });
        // The stack's own output is the console's main content; framework chatter only when it matters.
        _host.Logging.AddFilter("Microsoft", LogLevel.Warning);
        _host.Services.AddHealthChecks();
    }

    internal ProjectMetadata Metadata { get; }

    /// <inheritdoc />
    public ConfigurationManager Configuration => _host.Configuration;

    /// <inheritdoc />
    public IHostEnvironment Environment => _host.Environment;

    /// <inheritdoc />
    public IServiceCollection Services => _host.Services;

    /// <inheritdoc />
    public string AppHostDirectory { get; }

    /// <inheritdoc />
    public DistributedApplicationOptions Options { get; }

    /// <inheritdoc />
    public IReadOnlyList<IResource> Resources => _resources;

    /// <inheritdoc />
    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        // A bad or taken name is not thrown here but listed by validation, with every other problem of
        // the model: the AppHost then exits with that list, not with a stack trace.
        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    /// <inheritdoc />
    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource
        => _resources.Contains(resource)
            ? new ResourceBuilder<T>(this, resource)
            : throw new DistributedApplicationException($"Resource '{resource.Name}' is not part of this application.");

    /// <summary>
    /// Puts the resources in the order <paramref name="rank"/> gives (stable; unranked ones last), so a model lowered
    /// from another (Aspire's) is written out in the order its author wrote it.
    /// </summary>
    internal void Reorder(Func<IResource, int?> rank)
    {
        // A stable insertion sort in place: a model has tens of resources, and LINQ's OrderBy over a tuple key took
        // longer to JIT-compile on the way to the first process (~10 ms) than this takes to run.
        var keys = new int[_resources.Count];
        for (var i = 0; i < keys.Length; i++) keys[i] = rank(_resources[i]) ?? int.MaxValue;
        for (var i = 1; i < keys.Length; i++)
        {
            var key = keys[i];
            var resource = _resources[i];
            var j = i - 1;
            for (; j >= 0 && keys[j] > key; j--)
            {
                keys[j + 1] = keys[j];
                _resources[j + 1] = _resources[j];
            }
            keys[j + 1] = key;
            _resources[j + 1] = resource;
        }
    }

    /// <summary>A path relative to the AppHost folder, made absolute.</summary>
    internal string ResolvePath(string path) => Path.GetFullPath(Path.Combine(AppHostDirectory, path));

    /// <inheritdoc />
    public DistributedApplication Build()
    {
        var model = new DistributedApplicationModel([.. _resources]);
        _host.Services.AddSingleton(model);
        _host.Services.AddSingleton(Options);
        _host.Services.AddSingleton(new Publishing.AppHostLocation(AppHostDirectory));
        Orchestration.OrchestrationServices.Add(_host.Services, Options, AppHostDirectory);
        var application = new DistributedApplication(_host.Build());
        EntryPointInterception.Current.Value?.Capture(application);
        return application;
    }
}

/// <summary>The frozen list of resources an application runs.</summary>
internal sealed class DistributedApplicationModel(IReadOnlyList<IResource> resources)
{
    /// <summary>All resources, in the order they were added.</summary>
    public IReadOnlyList<IResource> Resources { get; } = resources;

    /// <summary>The resource with this name, or null.</summary>
    public IResource? Find(string name) => Resources.FirstOrDefault(r => r.Name == name);
}
