using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.Tests;

/// <summary>
/// Start order follows WaitFor and parent edges only; stop order reverses it and, where it can
/// without a cycle, also stops a resource before what it references (so the api goes before the
/// database it talks to, not at the same moment).
/// A unit test of the engine's graph over its own model (what Aspire's WaitFor, WithReference and parents
/// are lowered to), built directly: no builder, no run. ValidationTests and LifecycleTests show the same rules
/// through Aspire's API.
/// </summary>
public sealed class DependencyGraphTests
{
    private readonly List<IResource> _resources = [];

    private Node Process(string name)
    {
        var resource = new ExecutableResource(name, "python3", ".");
        _resources.Add(resource);
        return new Node(resource);
    }

    private Node Child(string name, IResource parent)
    {
        var child = new ChildResource(name, parent);
        _resources.Add(child);
        return new Node(child);
    }

    [Fact]
    public void FindCycle_returns_null_for_a_diamond()
    {
        var db = Process("db");
        var cache = Process("cache");
        var api = Process("api").WaitFor(db).WaitFor(cache);
        Process("worker").WaitFor(db).WaitFor(api);

        Assert.Null(DependencyGraph.FindCycle(_resources));
    }

    [Fact]
    public void FindCycle_returns_the_cycle_from_where_it_closes()
    {
        var entry = Process("entry");
        var a = Process("a");
        var b = Process("b");
        var c = Process("c");
        entry.WaitFor(a); // leads into the cycle but is not part of it
        a.WaitFor(b);
        b.WaitFor(c);
        c.WaitFor(a);

        Assert.Equal(["a", "b", "c", "a"], DependencyGraph.FindCycle(_resources));
    }

    [Fact]
    public void A_resource_waiting_for_itself_is_a_cycle()
    {
        var a = Process("a");
        a.WaitFor(a);

        Assert.Equal(["a", "a"], DependencyGraph.FindCycle(_resources));
    }

    [Fact]
    public void A_parent_counts_as_a_start_dependency()
    {
        var server = Process("server");
        var db = Child("db", server.Resource);
        server.WaitFor(db); // the server can never start: its database needs it up first

        Assert.Equal(["server", "db", "server"], DependencyGraph.FindCycle(_resources));
    }

    [Fact]
    public void References_alone_never_make_a_start_cycle()
    {
        var api = Process("api");
        var worker = Process("worker");
        api.WithReference(worker);
        worker.WithReference(api);

        Assert.Null(DependencyGraph.FindCycle(_resources));
    }

    [Fact]
    public void StopBefore_stops_dependents_before_their_dependencies()
    {
        var server = Process("server");
        var db = Child("db", server.Resource);
        var api = Process("api").WaitFor(db);
        var worker = Process("worker").WaitFor(api);

        var stopBefore = DependencyGraph.StopBefore(_resources);

        Assert.Equal([db.Resource], stopBefore[server.Resource]);
        Assert.Equal([api.Resource], stopBefore[db.Resource]);
        Assert.Equal([worker.Resource], stopBefore[api.Resource]);
        Assert.Empty(stopBefore[worker.Resource]);
    }

    [Fact]
    public void StopBefore_includes_references_when_they_form_no_cycle()
    {
        var db = Process("db");
        var api = Process("api").WithReference(db); // no WaitFor: only the reference orders them
        var web = Process("web").WaitFor(api);

        var stopBefore = DependencyGraph.StopBefore(_resources);

        Assert.Equal([api.Resource], stopBefore[db.Resource]);
        Assert.Equal([web.Resource], stopBefore[api.Resource]);
        Assert.Empty(stopBefore[web.Resource]);
    }

    [Fact]
    public void StopBefore_leaves_out_only_the_reference_that_would_close_a_cycle()
    {
        var db = Process("db");
        var api = Process("api");
        var worker = Process("worker");
        var gateway = Process("gateway").WaitFor(api);
        api.WithReference(db);
        api.WithReference(worker);
        worker.WithReference(api);

        var stopBefore = DependencyGraph.StopBefore(_resources);

        // api calls worker (worker stops after api); worker's call back would close a cycle and is left out.
        Assert.Equal([gateway.Resource], stopBefore[api.Resource]);
        Assert.Equal([api.Resource], stopBefore[worker.Resource]);
        // The unrelated reference is kept: api stops before the database it uses.
        Assert.Equal([api.Resource], stopBefore[db.Resource]);
        Assert.Empty(stopBefore[gateway.Resource]);
    }

    [Fact]
    public void A_reference_against_a_wait_does_not_reverse_the_wait()
    {
        var db = Process("db");
        var api = Process("api").WaitFor(db);
        db.WithReference(api); // db calls back into api, but api still depends on db to start

        var stopBefore = DependencyGraph.StopBefore(_resources);

        Assert.Equal([api.Resource], stopBefore[db.Resource]);
        Assert.Empty(stopBefore[api.Resource]);
    }

    /// <summary>What a resource waits for and references, as the lowering records it.</summary>
    private sealed record Node(IResource Resource)
    {
        public Node WaitFor(Node target)
        {
            Resource.Annotations.Add(new WaitAnnotation(target.Resource, WaitType.UntilHealthy));
            return this;
        }

        public Node WithReference(Node target)
        {
            Resource.Annotations.Add(new ReferenceAnnotation(target.Resource));
            return this;
        }
    }

    /// <summary>A resource hosted inside another (a database in a server).</summary>
    private sealed class ChildResource(string name, IResource parent) : Resource(name), IResourceWithParent
    {
        public IResource Parent { get; } = parent;
    }
}
