using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestration.NativeRuntime.Running;
using Native = Orchestration.Hosting;

namespace Orchestration.Bench;

/// <summary>Timestamps of an Aspire run outside the engine's own start: where Aspire's host and the lowering spend time.</summary>
internal sealed record AspirePhases(
    DateTimeOffset T0,
    DateTimeOffset BeforeStartEvent,   // Aspire published BeforeStartEvent (its own subscribers name resources first)
    DateTimeOffset PrepareBegan,       // the native runtime's hosted service began: its run options are read first
    DateTimeOffset Lowered,            // the native runtime finished lowering Aspire's model (ConfigureNativeRuntime runs last)
    DateTimeOffset EngineStart,        // the engine's StartAsync began (its lifecycle hook: validation, ports, launches next)
    DateTimeOffset StartReturned,
    DateTimeOffset AspireHealthy,      // every resource Healthy on Aspire's ResourceNotificationService
    IReadOnlyList<DateTimeOffset>? Evaluations = null) // --trace-callbacks: each time Aspire's environment callbacks ran
{
    public double ToBeforeStartMs => ServiceTimes.Ms(BeforeStartEvent - T0);
    public double ToPrepareMs => ServiceTimes.Ms(PrepareBegan - BeforeStartEvent);
    public double LoweringMs => ServiceTimes.Ms(Lowered - PrepareBegan);
    public double LoweredToEngineStartMs => ServiceTimes.Ms(EngineStart - Lowered);
    public double ToAspireHealthyMs => ServiceTimes.Ms(AspireHealthy - StartReturned);

    // --trace-callbacks: when the lowering evaluates Aspire's callbacks before the engine starts (parameter discovery).
    private DateTimeOffset LastEvaluationBeforeEngine => Evaluations!.Where(t => t < EngineStart).DefaultIfEmpty(Lowered).Max();
    public double ToDiscoveryDoneMs => ServiceTimes.Ms(LastEvaluationBeforeEngine - Lowered);
    public double DiscoveryToEngineStartMs => ServiceTimes.Ms(EngineStart - LastEvaluationBeforeEngine);
    public double EvaluationsBeforeEngine(int resources) => Evaluations!.Count(t => t < EngineStart) / (double)resources;
    public double EvaluationsAfterEngine(int resources) => Evaluations!.Count(t => t >= EngineStart) / (double)resources;
}

/// <summary>
/// The same chain and fan-out as <see cref="ScenarioRunner"/>, written the way an Aspire AppHost writes them: Aspire's
/// builder, <c>AddExecutable(...).WithEndpoint(scheme: "tcp", env: "PORT")</c>, a TCP health check registered with
/// Aspire's health checks (<c>WithHealthCheck</c>: Aspire has no TCP check of its own), <c>WaitFor</c>, and
/// <c>UseNativeRuntime()</c>. Timed from Aspire's <c>StartAsync</c> to its return, as the engine's run is.
/// </summary>
internal static class AspireScenarioRunner
{
    public static async Task<RunMetrics> RunAsync(Scenario scenario, BenchSettings settings)
    {
        var dir = Directory.CreateTempSubdirectory("orch-bench-aspire-").FullName;
        TextWriter output = settings.LogFile is { } log ? File.AppendText(log) : TextWriter.Null;
        DistributedApplication? app = null;
        try
        {
            var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
            {
                Args = [$"--Orchestration:StateDirectory={Path.Combine(dir, "state")}"],
                ProjectDirectory = dir,
                DisableDashboard = true,
            }).UseNativeRuntime();
            // The engine's run options as the engine's bench sets them (a test host sets them the same way).
            DateTimeOffset prepareBegan = default;
            builder.Services.AddSingleton(new NativeOptionsConfiguration(options =>
            {
                prepareBegan = DateTimeOffset.UtcNow; // read once, as the runtime begins to prepare the engine's run
                options.Output = output;
                options.UseColor = false;
                options.WaitTimeout = TimeSpan.FromSeconds(30);
                options.StopGracePeriod = TimeSpan.FromSeconds(5);
                if (settings.StartupPollInterval is { } poll) options.StartupPollInterval = poll;
            }));

            DateTimeOffset beforeStartEvent = default, lowered = default;
            var engine = new EngineProbe();
            builder.Eventing.Subscribe<BeforeStartEvent>((_, _) => { beforeStartEvent = DateTimeOffset.UtcNow; return Task.CompletedTask; });
            builder.ConfigureNativeRuntime(native =>
            {
                lowered = DateTimeOffset.UtcNow;
                // The engine's snapshots carry StartedAt, ReadyAt and the pid exactly as in the engine's own bench.
                native.Services.AddSingleton<Native.IDistributedApplicationLifecycleHook>(sp =>
                    engine.Attach(sp.GetRequiredService<Native.Orchestration.ResourceNotificationService>()));
            });

            var beforeStart = new DateTimeOffset[settings.Count];
            List<DateTimeOffset>? evaluations = settings.TraceCallbacks ? [] : null;
            IResourceBuilder<ExecutableResource>? previous = null;
            var names = new List<string>();
            for (var i = 0; i < settings.Count; i++)
            {
                var index = i;
                var name = $"svc{i:00}";
                names.Add(name);
                var service = builder.AddExecutable(name, settings.Python, dir, "-I", "-S", BenchSettings.ServiceScript)
                    .WithEndpoint(scheme: "tcp", env: "PORT")
                    .WithEnvironment("BENCH_RECORD", ScenarioRunner.RecordFile(dir, name))
                    // Aspire's event, published by the runtime when the launch begins: costs one timestamp, as in the engine's bench.
                    .OnBeforeResourceStarted((_, _, _) => { beforeStart[index] = DateTimeOffset.UtcNow; return Task.CompletedTask; });
                var endpoint = service.GetEndpoint("tcp");
                var check = $"{name}_tcp";
                builder.Services.AddHealthChecks().AddAsyncCheck(check, ct => TcpCheckAsync(endpoint, ct));
                service.WithHealthCheck(check);
                // Investigation only (it adds a callback): when and how often the runtime evaluates Aspire's environment.
                if (evaluations is not null) service.WithEnvironment(_ => { lock (evaluations) evaluations.Add(DateTimeOffset.UtcNow); });
                if (scenario == Scenario.Chain && previous is not null) service.WaitFor(previous);
                previous = service;
            }

            var buildClock = Stopwatch.StartNew();
            app = builder.Build();
            var buildMs = buildClock.Elapsed.TotalMilliseconds;
            var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var t0 = DateTimeOffset.UtcNow;
            await app.StartAsync(timeout.Token);
            var t1 = DateTimeOffset.UtcNow;
            foreach (var name in names) await notifications.WaitForResourceHealthyAsync(name, timeout.Token);
            var healthy = DateTimeOffset.UtcNow;

            var snapshots = engine.Snapshots().ToDictionary(s => s.Name);
            var pids = snapshots.Values.Select(s => s.Pid).OfType<int>().ToList();
            var services = new List<ServiceTimes>();
            for (var i = 0; i < names.Count; i++)
            {
                var s = snapshots[names[i]];
                var (began, listening) = await ScenarioRunner.ReadRecordAsync(ScenarioRunner.RecordFile(dir, names[i]));
                services.Add(new ServiceTimes(names[i], beforeStart[i],
                    s.StartedAt ?? throw new InvalidOperationException($"{names[i]} has no StartedAt"),
                    began, listening,
                    s.ReadyAt ?? throw new InvalidOperationException($"{names[i]} has no ReadyAt")));
            }

            var disposeClock = Stopwatch.StartNew();
            await app.DisposeAsync();
            app = null;
            var disposeMs = disposeClock.Elapsed.TotalMilliseconds;
            if (pids.Where(ScenarioRunner.IsAlive).ToList() is { Count: > 0 } alive)
                throw new InvalidOperationException($"processes still alive after DisposeAsync: {string.Join(", ", alive)}");
            return new RunMetrics(scenario, services, t0, t1, disposeMs, engine.StartedAt, buildMs, Model.Aspire,
                new AspirePhases(t0, beforeStartEvent, prepareBegan, lowered, engine.StartedAt, t1, healthy, evaluations));
        }
        finally
        {
            if (app is not null) await app.DisposeAsync();
            await output.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The TCP check an Aspire AppHost registers for a service with a plain TCP endpoint: a connect to its port.</summary>
    private static async Task<HealthCheckResult> TcpCheckAsync(EndpointReference endpoint, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endpoint.Port), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}

/// <summary>Sees the engine begin its start, and keeps its notification service for the snapshots afterwards.</summary>
internal sealed class EngineProbe
{
    private Native.Orchestration.ResourceNotificationService? _notifications;

    public DateTimeOffset StartedAt { get; private set; }

    public Native.IDistributedApplicationLifecycleHook Attach(Native.Orchestration.ResourceNotificationService notifications)
    {
        _notifications = notifications;
        return new Hook(this);
    }

    public IEnumerable<Native.Orchestration.ResourceSnapshot> Snapshots()
        => _notifications?.GetSnapshots() ?? throw new InvalidOperationException("the engine never started");

    private sealed class Hook(EngineProbe probe) : Native.IDistributedApplicationLifecycleHook
    {
        public Task BeforeStartAsync(Native.DistributedApplicationModel model, CancellationToken cancellationToken)
        {
            probe.StartedAt = DateTimeOffset.UtcNow;
            return Task.CompletedTask;
        }
    }
}
