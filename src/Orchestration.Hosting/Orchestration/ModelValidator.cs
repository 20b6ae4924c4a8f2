using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// Checks the whole model before anything starts and lists every problem with what to do about it:
/// names, unknown references, cycles, ports, missing programs, missing parameters.
/// </summary>
internal static class ModelValidator
{
    public static List<string> Validate(DistributedApplicationModel model, DistributedApplicationOptions options)
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var badNames = model.Resources.Select(r => r.Name).Where(n => ResourceName.Check(n) is not null).ToList();
        foreach (var r in model.Resources)
        {
            // A name derived from a bad one ("Cache" → "Cache-password") is not a problem of its own.
            if (ResourceName.Check(r.Name) is { } nameProblem && !badNames.Any(bad => r.Name.StartsWith(bad + "-", StringComparison.Ordinal)))
                problems.Add(nameProblem);
            if (!names.Add(r.Name)) problems.Add($"Two resources are named '{r.Name}'; names must be unique.");
        }
        foreach (var r in model.Resources)
            problems.AddRange(r.Annotations.OfType<ModelProblemAnnotation>().Select(p => p.Problem));

        var known = model.Resources.ToHashSet();
        foreach (var r in model.Resources)
        {
            foreach (var wait in r.Annotations.OfType<WaitAnnotation>())
            {
                if (!known.Contains(wait.Target))
                    problems.Add($"Resource '{r.Name}' waits for '{wait.Target.Name}', which is not part of this application; add it to the same builder.");
                else if (wait.Type == WaitType.UntilCompleted && wait.Target is not IProcessResource)
                    problems.Add($"Resource '{r.Name}' waits for '{wait.Target.Name}' to complete, but '{wait.Target.Name}' is not a process that can complete; use WaitFor.");
                if (ReferenceEquals(wait.Target, r)) problems.Add($"Resource '{r.Name}' waits for itself.");
            }
            foreach (var reference in r.Annotations.OfType<ReferenceAnnotation>())
            {
                if (!known.Contains(reference.Target))
                    problems.Add($"Resource '{r.Name}' references '{reference.Target.Name}', which is not part of this application; add it to the same builder.");
            }
            if (r is IResourceWithParent child && !known.Contains(child.Parent))
                problems.Add($"Resource '{r.Name}' belongs to '{child.Parent.Name}', which is not part of this application.");
            if (r.Annotations.Last<RestartPolicyAnnotation>() is { MaxRestarts: < 0 } policy)
                problems.Add($"Resource '{r.Name}' allows {policy.MaxRestarts} restarts; use 0 or more, or leave maxRestarts unset to restart it for as long as it takes.");
            if (r is Resource concrete) problems.AddRange(concrete.Validate());
        }

        if (DependencyGraph.FindCycle(model.Resources) is { } cycle)
            problems.Add($"Dependency cycle: {string.Join(" → ", cycle)}. Nothing could start first; remove one WaitFor from the cycle.");

        ValidateEndpoints(model, options.RandomizePorts, problems);
        ValidatePrograms(model, problems);
        return problems;
    }

    private static void ValidateEndpoints(DistributedApplicationModel model, bool randomizePorts, List<string> problems)
    {
        var fixedPorts = new Dictionary<int, string>();
        foreach (var r in model.Resources)
        {
            var endpoints = r.Annotations.OfType<EndpointAnnotation>().ToList();
            foreach (var duplicate in endpoints.GroupBy(e => e.Name).Where(g => g.Count() > 1))
                problems.Add($"Resource '{r.Name}' has {duplicate.Count()} endpoints named '{duplicate.Key}'; give each its own name.");
            var replicas = RunContext.ReplicasOf(r);
            if (replicas < 1) problems.Add($"Resource '{r.Name}' asks for {replicas} replicas; at least 1 is needed.");
            foreach (var e in endpoints)
            {
                if (randomizePorts || e.FixedLocalPort is not { } port) continue;
                var owner = $"{r.Name}/{e.Name}";
                if (port is < 1 or > 65535) problems.Add($"Endpoint {owner}: port {port} is not a valid TCP port (1-65535).");
                // A port given by another orchestrator (Aspire's) is the replicas' proxy's, which they share by design.
                else if (replicas > 1 && e.PreallocatedPort is null)
                    problems.Add($"Endpoint {owner} has the fixed port {port} but '{r.Name}' runs {replicas} replicas, which cannot share it; leave the port unset so each gets its own.");
                else if (fixedPorts.TryGetValue(port, out var other))
                    problems.Add($"Endpoints {other} and {owner} both use port {port}; give one of them another port (or none, to get a free one).");
                else
                {
                    fixedPorts[port] = owner;
                    if (PortAllocator.IsTaken(port))
                        problems.Add($"Port {port} for endpoint {owner} is already in use on this machine. Stop what listens there " +
                                     $"(see `ss -ltnp 'sport = :{port}'`) or choose another port.");
                }
            }
        }
    }

    private static void ValidatePrograms(DistributedApplicationModel model, List<string> problems)
    {
        foreach (var r in model.Resources.OfType<IProcessResource>())
        {
            if (!Directory.Exists(r.WorkingDirectory)) continue; // reported by the resource's own validation
            if (ExecutableLookup.Find(r.Command, r.WorkingDirectory) is not null) continue;
            var hint = r.Annotations.Last<InstallHintAnnotation>()?.Hint;
            problems.Add(r.Command.Contains('/')
                ? $"Resource '{r.Name}': program '{r.Command}' does not exist or is not executable (relative to '{r.WorkingDirectory}')."
                : $"Resource '{r.Name}': program '{r.Command}' was not found on PATH. " +
                  (hint is null ? "Install it, or put the folder that holds it on PATH." : $"Install it: {hint}"));
        }
    }
}
