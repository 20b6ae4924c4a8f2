using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// Start-order edges of the model: a resource starts after what it waits for and after its parent.
/// Stop order is the reverse, and also stops users (references) before what they use, where that adds no cycle.
/// </summary>
internal static class DependencyGraph
{
    /// <summary>What <paramref name="resource"/> must see ready (or completed) before it starts.</summary>
    public static IEnumerable<IResource> StartDependencies(IResource resource)
    {
        if (resource is IResourceWithParent child) yield return child.Parent;
        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>()) yield return wait.Target;
    }

    /// <summary>The first start-order cycle found, as names (<c>a → b → a</c>), or null.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyList<IResource> resources)
    {
        var state = new Dictionary<IResource, int>(); // 1 = on the current path, 2 = done
        var path = new List<IResource>();

        IReadOnlyList<string>? Visit(IResource r)
        {
            state[r] = 1;
            path.Add(r);
            foreach (var dep in StartDependencies(r).Distinct())
            {
                if (state.GetValueOrDefault(dep) == 1)
                {
                    var from = path.IndexOf(dep);
                    return [.. path.Skip(from).Select(p => p.Name), dep.Name];
                }
                if (state.GetValueOrDefault(dep) == 0 && Visit(dep) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            state[r] = 2;
            return null;
        }

        foreach (var r in resources)
        {
            if (state.GetValueOrDefault(r) == 0 && Visit(r) is { } cycle) return cycle;
        }
        return null;
    }

    /// <summary>For each resource, the resources that must stop before it does.</summary>
    public static Dictionary<IResource, HashSet<IResource>> StopBefore(IReadOnlyList<IResource> resources)
    {
        var stopBefore = resources.ToDictionary(r => r, _ => new HashSet<IResource>());
        foreach (var r in resources)
            foreach (var dep in StartDependencies(r))
                if (stopBefore.TryGetValue(dep, out var set)) set.Add(r);

        // References are softer: a user stops before what it uses, unless that edge would close a
        // cycle (two services that call each other); such an edge alone is left out.
        foreach (var r in resources)
            foreach (var reference in r.Annotations.OfType<ReferenceAnnotation>())
                if (stopBefore.TryGetValue(reference.Target, out var set) && !Reaches(stopBefore, r, reference.Target))
                    set.Add(r);
        return stopBefore;
    }

    /// <summary>Whether <paramref name="to"/> is reachable from <paramref name="from"/> (or is it).</summary>
    private static bool Reaches(Dictionary<IResource, HashSet<IResource>> edges, IResource from, IResource to)
    {
        var seen = new HashSet<IResource>();
        var stack = new Stack<IResource>([from]);
        while (stack.TryPop(out var r))
        {
            if (ReferenceEquals(r, to)) return true;
            if (!seen.Add(r)) continue;
            foreach (var next in edges[r]) stack.Push(next);
        }
        return false;
    }
}
