using System.Diagnostics;
using System.Globalization;
using Orchestration.Bench;
using Orchestration.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Hosting.ApplicationModel;

// Orchestrator overhead: how much time the orchestrator adds on top of what the services
// themselves take to start, for a WaitFor chain and for a fan-out of independent services.
//
//   dotnet run -c Release --project bench/Orchestration.Bench [-- --iterations 7 --warmup 1 --count 20 --model both]
//
// Two ways to write the same stack: the engine's own builder (--model engine) and Aspire's builder run by
// UseNativeRuntime() (--model aspire, what users write now). Both by default, so one run compares them.

BenchSettings? settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (settings is null) return 0; // --help

Console.WriteLine($"Orchestrator overhead: {settings.Count} trivial services ({settings.Python} {Path.GetFileName(BenchSettings.ServiceScript)}), " +
                  $"{settings.Warmup} warm-up + {settings.Iterations} measured run(s) per scenario, " +
                  $"StartupPollInterval {(settings.StartupPollInterval ?? new DistributedApplicationOptions().StartupPollInterval).TotalMilliseconds:0.#} ms");
Console.WriteLine($"Machine: {MachineInfo.Describe()}");
Console.WriteLine($"Load average before: {MachineInfo.LoadAverage()}");
Console.WriteLine();

if (settings.Diagnose) await Diagnostics.RunAsync(settings);

var results = new Dictionary<(Model, Scenario), List<RunMetrics>>();
foreach (var scenario in settings.Scenarios)
{
    // Each warm-up, then measured runs alternate between the models, so load drifts on a shared machine hit both alike.
    foreach (var model in settings.Models) results[(model, scenario)] = [];
    for (var i = 0; i < settings.Warmup + settings.Iterations; i++)
    {
        var warm = i < settings.Warmup;
        foreach (var model in settings.Models)
        {
            var metrics = model == Model.Aspire
                ? await AspireScenarioRunner.RunAsync(scenario, settings)
                : await ScenarioRunner.RunAsync(scenario, settings);
            if (settings.Verbose || warm)
                Console.WriteLine($"  {model,-6} {scenario,-7} {(warm ? "warm-up" : $"run {i - settings.Warmup + 1}"),-8} {metrics.Summary()}");
            if (!warm) results[(model, scenario)].Add(metrics);
        }
    }
}

Console.WriteLine();
Report.Print(results, settings);
Console.WriteLine($"Load average after: {MachineInfo.LoadAverage()}");
return Report.AllTargetsMet(results) ? 0 : 1;

namespace Orchestration.Bench
{
    internal enum Scenario { Chain, FanOut }

    /// <summary>Which builder writes the stack: the engine's own, or Aspire's run by UseNativeRuntime().</summary>
    internal enum Model { Engine, Aspire }

    internal sealed class BenchSettings
    {
        public static readonly string ServiceScript = Path.Combine(AppContext.BaseDirectory, "trivial_service.py");

        public int Iterations { get; private set; } = 7;
        public int Warmup { get; private set; } = 1;
        public int Count { get; private set; } = 20;
        // The Debian interpreter, not a version-manager shim (pyenv's shim alone costs tens of ms per start).
        public string Python { get; private set; } = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        public List<Scenario> Scenarios { get; private set; } = [Scenario.Chain, Scenario.FanOut];
        public List<Model> Models { get; private set; } = [Model.Engine, Model.Aspire];
        public string? LogFile { get; private set; }
        public bool Verbose { get; private set; }
        public bool Diagnose { get; private set; }
        public bool TraceCallbacks { get; private set; }
        public TimeSpan? StartupPollInterval { get; private set; }

        public const double ChainTargetMs = 5;     // per resource
        public const double FanOutTargetMs = 50;   // over the slowest member

        public static BenchSettings? Parse(string[] args)
        {
            var s = new BenchSettings();
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--iterations" or "-n": s.Iterations = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--warmup" or "-w": s.Warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--count" or "-c": s.Count = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--python": s.Python = Next(); break;
                    case "--scenario":
                        s.Scenarios = Next() switch
                        {
                            "chain" => [Scenario.Chain],
                            "fanout" or "fan-out" => [Scenario.FanOut],
                            "both" => [Scenario.Chain, Scenario.FanOut],
                            var other => throw new ArgumentException($"unknown scenario '{other}' (chain, fanout, both)"),
                        };
                        break;
                    case "--model":
                        s.Models = Next() switch
                        {
                            "engine" => [Model.Engine],
                            "aspire" => [Model.Aspire],
                            "both" => [Model.Engine, Model.Aspire],
                            var other => throw new ArgumentException($"unknown model '{other}' (engine, aspire, both)"),
                        };
                        break;
                    case "--log": s.LogFile = Path.GetFullPath(Next()); break;
                    case "--poll-ms": s.StartupPollInterval = TimeSpan.FromMilliseconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                    case "--verbose" or "-v": s.Verbose = true; break;
                    case "--diagnose": s.Diagnose = true; break;
                    case "--trace-callbacks": s.TraceCallbacks = true; break;
                    case "--help" or "-h":
                        Console.WriteLine("""
                            Orchestration.Bench: orchestrator overhead for a WaitFor chain and a fan-out of trivial services.
                              --iterations N   measured runs per scenario (default 7)
                              --warmup N       unmeasured runs first (default 1)
                              --count N        services per scenario (default 20)
                              --scenario S     chain | fanout | both (default both)
                              --model M        engine (the engine's own builder) | aspire (Aspire's builder +
                                               UseNativeRuntime()) | both (default; runs alternate)
                              --python PATH    interpreter for the trivial service (default /usr/bin/python3)
                              --poll-ms MS     override DistributedApplicationOptions.StartupPollInterval (investigation)
                              --log FILE       append the AppHost console output here (default: discarded)
                              --verbose        print every run
                              --diagnose       first time the building blocks of a chain link on their own
                              --trace-callbacks  (aspire) time every evaluation of Aspire's environment callbacks;
                                               adds one callback per service, so for investigation only
                            Exit code: 0 when every target of every model is met (median), 1 when one is missed.
                            """);
                        return null;
                    default: throw new ArgumentException($"unknown argument '{args[i]}' (see --help)");
                }
            }
            if (s.Iterations < 1 || s.Count < 1 || s.Warmup < 0) throw new ArgumentException("--iterations and --count must be >= 1, --warmup >= 0");
            return s;
        }
    }

    /// <summary>What one service did in one run, on the wall clock shared by the AppHost and the services.</summary>
    internal sealed record ServiceTimes(
        string Name,
        DateTimeOffset BeforeStart,  // dependencies satisfied, launch begins (OnBeforeResourceStarted)
        DateTimeOffset StartedAt,    // snapshot: the orchestrator spawned the process
        DateTimeOffset ScriptBegan,  // the service's first line ran (interpreter up)
        DateTimeOffset Listening,    // the service's socket listens
        DateTimeOffset ReadyAt)      // snapshot: the health check passed
    {
        /// <summary>The service's own start time: listening minus spawned.</summary>
        public double OwnMs => Ms(Listening - StartedAt);
        public double InterpreterMs => Ms(ScriptBegan - StartedAt);
        public double DetectMs => Ms(ReadyAt - Listening);
        public double SpawnMs => Ms(StartedAt - BeforeStart);

        public static double Ms(TimeSpan t) => t.TotalMilliseconds;
    }

    internal sealed class RunMetrics(Scenario scenario, IReadOnlyList<ServiceTimes> services, DateTimeOffset t0, DateTimeOffset t1, double disposeMs,
        DateTimeOffset engineStart, double buildMs, Model model = Model.Engine, AspirePhases? aspire = null)
    {
        public Scenario Scenario { get; } = scenario;
        public Model Model { get; } = model;
        /// <summary>Where an Aspire run's time goes outside the engine's own start (null for the engine's builder).</summary>
        public AspirePhases? Aspire { get; } = aspire;
        public IReadOnlyList<ServiceTimes> Services { get; } = services;
        public DateTimeOffset T0 => t0;

        /// <summary>From the StartAsync call to its return.</summary>
        public double TotalMs => ServiceTimes.Ms(t1 - t0);
        public double ToLastReadyMs => ServiceTimes.Ms(Services.Max(s => s.ReadyAt) - t0);
        public double SumOwnMs => Services.Sum(s => s.OwnMs);
        public double DisposeMs => disposeMs;
        /// <summary>builder.Build(), before StartAsync (not in the figures): the engine's builder builds its host here, Aspire's its own.</summary>
        public double BuildMs => buildMs;

        // Chain
        public double ChainOverheadPerResourceMs => (TotalMs - SumOwnMs) / Services.Count;
        public double FirstLaunchMs => ServiceTimes.Ms(Services[0].StartedAt - t0);
        /// <summary>StartAsync → the engine's own start begins (its lifecycle hooks): for Aspire's builder, the lowering's way there.</summary>
        public double ToEngineStartMs => ServiceTimes.Ms(engineStart - t0);
        /// <summary>The engine's own start → its first process spawned (validation, ports, the reaper): the same work in both models.</summary>
        public double EngineToFirstSpawnMs => ServiceTimes.Ms(Services.Min(s => s.StartedAt) - engineStart);
        /// <summary>The engine's own start → svc00's launch begins (validation, ports, the dry run of every expression).</summary>
        public double EngineToFirstLaunchBeginsMs => ServiceTimes.Ms(Services[0].BeforeStart - engineStart);
        /// <summary>Dependency ready → dependent's launch begins (the wait's wake-up), mean over links.</summary>
        public double WakeMs => Services.Count < 2 ? 0 : Enumerable.Range(1, Services.Count - 1).Average(i => ServiceTimes.Ms(Services[i].BeforeStart - Services[i - 1].ReadyAt));
        public double TailMs => ServiceTimes.Ms(t1 - Services.Max(s => s.ReadyAt));

        // Fan-out
        /// <summary>The slowest member on its own terms: StartedAt − app start + own start time.</summary>
        public double SlowestMemberMs => Services.Max(s => ServiceTimes.Ms(s.StartedAt - t0) + s.OwnMs);
        public double FanOutExcessMs => TotalMs - SlowestMemberMs;
        public double FirstSpawnMs => Services.Min(s => ServiceTimes.Ms(s.StartedAt - t0));
        public double LastSpawnMs => Services.Max(s => ServiceTimes.Ms(s.StartedAt - t0));
        public double SlowestDetectMs => Services.MaxBy(s => s.Listening)!.DetectMs;

        public string Summary() => Scenario == Scenario.Chain
            ? $"total {TotalMs,7:0.0} ms  own {SumOwnMs,7:0.0} ms  overhead/resource {ChainOverheadPerResourceMs,5:0.00} ms"
            : $"total {TotalMs,7:0.0} ms  slowest member {SlowestMemberMs,7:0.0} ms  excess {FanOutExcessMs,6:0.0} ms";
    }

    internal static class ScenarioRunner
    {
        public static async Task<RunMetrics> RunAsync(Scenario scenario, BenchSettings settings)
        {
            var dir = Directory.CreateTempSubdirectory("orch-bench-").FullName;
            TextWriter output = settings.LogFile is { } log ? File.AppendText(log) : TextWriter.Null;
            DistributedApplication? app = null;
            try
            {
                var options = new DistributedApplicationOptions
                {
                    AppHostDirectory = dir,
                    StateDirectory = Path.Combine(dir, "state"),
                    Output = output,
                    UseColor = false,
                    WaitTimeout = TimeSpan.FromSeconds(30),
                    StopGracePeriod = TimeSpan.FromSeconds(5),
                };
                if (settings.StartupPollInterval is { } poll) options.StartupPollInterval = poll;
                var builder = DistributedApplication.CreateBuilder(options);

                var beforeStart = new DateTimeOffset[settings.Count];
                IResourceBuilder<ExecutableResource>? previous = null;
                var names = new List<string>();
                for (var i = 0; i < settings.Count; i++)
                {
                    var index = i;
                    var name = $"svc{i:00}";
                    names.Add(name);
                    var service = builder.AddExecutable(name, settings.Python, dir, "-I", "-S", BenchSettings.ServiceScript)
                        .WithEndpoint(scheme: "tcp", env: "PORT")
                        .WithTcpHealthCheck()
                        .WithEnvironment("BENCH_RECORD", RecordFile(dir, name))
                        // Costs one timestamp; splits "launch" into waking up from the wait and spawning.
                        .OnBeforeResourceStarted((_, _) => { beforeStart[index] = DateTimeOffset.UtcNow; return Task.CompletedTask; });
                    if (scenario == Scenario.Chain && previous is not null) service.WaitFor(previous);
                    previous = service;
                }

                // When the engine's own start begins (its lifecycle hook), to compare with the Aspire model's way there.
                var engine = new EngineProbe();
                builder.Services.AddSingleton<IDistributedApplicationLifecycleHook>(sp =>
                    engine.Attach(sp.GetRequiredService<Orchestration.Hosting.Orchestration.ResourceNotificationService>()));

                var buildClock = Stopwatch.StartNew();
                app = builder.Build();
                var buildMs = buildClock.Elapsed.TotalMilliseconds;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
                var t0 = DateTimeOffset.UtcNow;
                await app.StartAsync(timeout.Token);
                var t1 = DateTimeOffset.UtcNow;

                var snapshots = app.ResourceNotifications.GetSnapshots().ToDictionary(s => s.Name);
                var pids = snapshots.Values.Select(s => s.Pid).OfType<int>().ToList();
                var services = new List<ServiceTimes>();
                for (var i = 0; i < names.Count; i++)
                {
                    var s = snapshots[names[i]];
                    var (began, listening) = await ReadRecordAsync(RecordFile(dir, names[i]));
                    services.Add(new ServiceTimes(names[i], beforeStart[i],
                        s.StartedAt ?? throw new InvalidOperationException($"{names[i]} has no StartedAt"),
                        began, listening,
                        s.ReadyAt ?? throw new InvalidOperationException($"{names[i]} has no ReadyAt")));
                }

                var disposeClock = Stopwatch.StartNew();
                await app.DisposeAsync();
                app = null;
                var disposeMs = disposeClock.Elapsed.TotalMilliseconds;
                if (pids.Where(IsAlive).ToList() is { Count: > 0 } alive)
                    throw new InvalidOperationException($"processes still alive after DisposeAsync: {string.Join(", ", alive)}");
                return new RunMetrics(scenario, services, t0, t1, disposeMs, engine.StartedAt, buildMs);
            }
            finally
            {
                if (app is not null) await app.DisposeAsync();
                await output.DisposeAsync();
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
            }
        }

        internal static string RecordFile(string dir, string name) => Path.Combine(dir, $"{name}.times");

        /// <summary>The service writes its record just after it starts listening: it may lag the health check by a moment.</summary>
        internal static async Task<(DateTimeOffset Began, DateTimeOffset Listening)> ReadRecordAsync(string file)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (!File.Exists(file))
            {
                if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"no record at {file}");
                await Task.Delay(2);
            }
            var parts = (await File.ReadAllTextAsync(file)).Trim().Split(' ');
            return (FromUnixNs(long.Parse(parts[0], CultureInfo.InvariantCulture)), FromUnixNs(long.Parse(parts[1], CultureInfo.InvariantCulture)));
        }

        private static DateTimeOffset FromUnixNs(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

        internal static bool IsAlive(int pid)
        {
            try
            {
                var text = File.ReadAllText($"/proc/{pid}/stat");
                return text[(text.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
            }
            catch (IOException) { return false; }
        }
    }

    internal static class Report
    {
        private sealed record Row(string Label, Func<RunMetrics, double> Value, double? Target = null);

        private static readonly Row[] ChainRows =
        [
            new("time to all healthy (StartAsync)", m => m.TotalMs),
            new("sum of own start times", m => m.SumOwnMs),
            new("overhead per resource", m => m.ChainOverheadPerResourceMs, BenchSettings.ChainTargetMs),
            new("  first launch (StartAsync → svc00 spawned)", m => m.FirstLaunchMs),
            new("    StartAsync → engine's start begins", m => m.ToEngineStartMs),
            new("    engine's start begins → svc00 spawned", m => m.EngineToFirstSpawnMs),
            new("      of which → svc00's launch begins", m => m.EngineToFirstLaunchBeginsMs),
            new("  per link: dependency ready → launch begins", m => m.WakeMs),
            new("  per link: launch begins → StartedAt", m => m.Services.Average(s => s.SpawnMs)),
            new("  per link: listening → ReadyAt (detection)", m => m.Services.Average(s => s.DetectMs)),
            new("  last ReadyAt → StartAsync returns", m => m.TailMs),
            new("own start per service (mean)", m => m.Services.Average(s => s.OwnMs)),
            new("  of which StartedAt → script's first line", m => m.Services.Average(s => s.InterpreterMs)),
            new("DisposeAsync", m => m.DisposeMs),
            new("Build() before StartAsync (not counted)", m => m.BuildMs),
        ];

        private static readonly Row[] FanOutRows =
        [
            new("time to all healthy (StartAsync)", m => m.TotalMs),
            new("slowest member (StartedAt − t0 + own)", m => m.SlowestMemberMs),
            new("excess over slowest member", m => m.FanOutExcessMs, BenchSettings.FanOutTargetMs),
            new("  first StartedAt − t0", m => m.FirstSpawnMs),
            new("    StartAsync → engine's start begins", m => m.ToEngineStartMs),
            new("    engine's start begins → first StartedAt", m => m.EngineToFirstSpawnMs),
            new("  last StartedAt − t0", m => m.LastSpawnMs),
            new("  last launch begins − t0", m => m.Services.Max(s => ServiceTimes.Ms(s.BeforeStart - m.T0))),
            new("  launch begins → StartedAt (mean)", m => m.Services.Average(s => s.SpawnMs)),
            new("  launch begins → StartedAt (max)", m => m.Services.Max(s => s.SpawnMs)),
            new("  slowest: listening → ReadyAt (detection)", m => m.SlowestDetectMs),
            new("  last ReadyAt → StartAsync returns", m => m.TailMs),
            new("own start per service (median of members)", m => Median(m.Services.Select(s => s.OwnMs))),
            new("own start, slowest member", m => m.Services.Max(s => s.OwnMs)),
            new("DisposeAsync", m => m.DisposeMs),
            new("Build() before StartAsync (not counted)", m => m.BuildMs),
        ];

        // Only for Aspire's builder: the time StartAsync spends outside the engine's own start, and how long after it
        // Aspire's own ResourceNotificationService reports every resource healthy (what WaitForResourceHealthyAsync sees).
        private static readonly Row[] AspireRows =
        [
            new("  Aspire: StartAsync → BeforeStartEvent", m => m.Aspire!.ToBeforeStartMs),
            new("  Aspire: BeforeStartEvent → native runtime begins", m => m.Aspire!.ToPrepareMs),
            new("  Aspire: native runtime begins → model lowered", m => m.Aspire!.LoweringMs),
            new("  Aspire: lowered → engine's StartAsync begins", m => m.Aspire!.LoweredToEngineStartMs),
            new("  Aspire: StartAsync returns → all Healthy on Aspire", m => m.Aspire!.ToAspireHealthyMs),
        ];

        private static readonly Row[] CallbackRows =
        [
            new("  trace: lowered → last Aspire env evaluation before engine", m => m.Aspire!.ToDiscoveryDoneMs),
            new("  trace: that → engine's start begins", m => m.Aspire!.DiscoveryToEngineStartMs),
            new("  trace: Aspire env evaluations/resource before engine", m => m.Aspire!.EvaluationsBeforeEngine(m.Services.Count)),
            new("  trace: Aspire env evaluations/resource after engine", m => m.Aspire!.EvaluationsAfterEngine(m.Services.Count)),
        ];

        public static void Print(Dictionary<(Model Model, Scenario Scenario), List<RunMetrics>> results, BenchSettings settings)
        {
            foreach (var ((model, scenario), runs) in results)
            {
                var title = scenario == Scenario.Chain
                    ? $"Chain: {settings.Count} services, each WaitFor the previous ({runs.Count} runs), ms"
                    : $"Fan-out: {settings.Count} independent services ({runs.Count} runs), ms";
                Console.WriteLine($"[{Describe(model)}] {title}");
                Console.WriteLine($"  {"",-56} {"median",8} {"min",8} {"max",8}");
                var rows = scenario == Scenario.Chain ? ChainRows : FanOutRows;
                if (model == Model.Aspire) rows = [.. rows, .. AspireRows, .. settings.TraceCallbacks ? CallbackRows : []];
                foreach (var row in rows)
                {
                    var values = runs.Select(row.Value).ToList();
                    Console.WriteLine($"  {row.Label,-56} {Median(values),8:0.00} {values.Min(),8:0.00} {values.Max(),8:0.00}");
                }
                Console.WriteLine();
            }

            Console.WriteLine("Targets (judged on the median)");
            Console.WriteLine($"  {"",-46} {"median",8} {"target",8} {"ratio",7}  result");
            foreach (var (label, value, target) in Verdicts(results))
                Console.WriteLine($"  {label,-46} {value,8:0.00} {"≤ " + target.ToString("0", CultureInfo.InvariantCulture),8} {value / target,7:0.00}  {(value <= target ? "PASS" : "FAIL")}");
        }

        private static string Describe(Model model) => model == Model.Aspire ? "Aspire builder + UseNativeRuntime()" : "engine's builder";

        public static bool AllTargetsMet(Dictionary<(Model, Scenario), List<RunMetrics>> results) => Verdicts(results).All(v => v.Value <= v.Target);

        private static IEnumerable<(string Label, double Value, double Target)> Verdicts(Dictionary<(Model Model, Scenario Scenario), List<RunMetrics>> results)
        {
            foreach (var ((model, scenario), runs) in results)
                yield return scenario == Scenario.Chain
                    ? ($"{model.ToString().ToLowerInvariant()}, chain: overhead per resource", Median(runs.Select(m => m.ChainOverheadPerResourceMs)), BenchSettings.ChainTargetMs)
                    : ($"{model.ToString().ToLowerInvariant()}, fan-out: excess over slowest", Median(runs.Select(m => m.FanOutExcessMs)), BenchSettings.FanOutTargetMs);
        }

        public static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            var mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    internal static class MachineInfo
    {
        /// <summary>1, 5 and 15 minute load: other work on a 2-core machine shows in the figures.</summary>
        public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

        public static string Describe()
        {
            var cpu = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
            var memKb = File.Exists("/proc/meminfo")
                ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
                : null;
            var mem = memKb is null ? "?" : $"{long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.0} GiB";
            return $"{Environment.ProcessorCount} cores, {mem}, CPU {cpu ?? "?"}, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
        }
    }
}
