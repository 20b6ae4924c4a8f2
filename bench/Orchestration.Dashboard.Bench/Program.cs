// The dashboard's benchmarks (issue: dashboard). Run in Release:
//   dotnet run -c Release --project bench/Orchestration.Dashboard.Bench -- ingest [--signal traces|logs] [--seconds 20] [--senders 4] [--standalone]
//   dotnet run -c Release --project bench/Orchestration.Dashboard.Bench -- soak [--minutes 5] [--rate 20000] [--resources 5] [--in-process]
//   dotnet run -c Release --project bench/Orchestration.Dashboard.Bench -- startup [--runs 10] [--what apphost|standalone|sample]   (sample: run scripts/build-apphost.sh first)
// "apphost" is this program run as a minimal AppHost with AddDashboard(), which startup times.
using System.Diagnostics;
using Orchestration.Dashboard.Bench;
using Orchestration.Hosting;

var mode = args.FirstOrDefault() ?? "ingest";
string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
bool Flag(string name) => args.Contains(name);

Console.WriteLine($"{mode}: load average {Machine.LoadAverage()}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
switch (mode)
{
    case "ingest":
        return await Ingest(Option("--signal", "traces"), int.Parse(Option("--seconds", "20")), int.Parse(Option("--senders", "4")), Flag("--standalone"));
    case "soak":
        return await Soak(double.Parse(Option("--minutes", "5")), int.Parse(Option("--rate", "20000")), int.Parse(Option("--resources", "5")), !Flag("--in-process"));
    case "startup":
        return await Startup(int.Parse(Option("--runs", "10")), Option("--what", "apphost"));
    case "apphost":
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args[1..], StateDirectory = Option("--state", Path.GetTempPath()) });
        builder.AddDashboard();
        builder.AddExecutable("idle", "sleep", Path.GetTempPath(), ["600"]);
        await builder.Build().RunAsync();
        return 0;
    default:
        Console.Error.WriteLine($"unknown mode {mode}: ingest, soak or startup");
        return 2;
}

// Spans (or log records) per second over a fixed time, `senders` concurrent calls of 512 items each.
static async Task<int> Ingest(string signal, int seconds, int senders, bool standalone)
{
    await using var target = await DashboardTarget.StartAsync(standalone, []);
    var resources = new[] { "api", "worker", "gateway", "billing" };
    var traces = signal == "traces";
    var payloads = resources.Select((r, i) => traces ? Payloads.Traces(r, i) : Payloads.Logs(r)).ToArray();
    var method = traces ? OtlpSender.Traces : OtlpSender.Logs;
    Console.WriteLine($"{signal}: {target.Kind} dashboard, {senders} senders, batches of {payloads[0].Items} ({payloads[0].Length / 1024} KiB), {seconds} s after a 3 s warm-up");

    long sent = 0, sequence = 0;
    using var stop = new CancellationTokenSource();
    var tasks = Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
    {
        using var sender = new OtlpSender(target.OtlpGrpcUrl, DashboardTarget.ApiKey);
        var payload = payloads[s % payloads.Length];
        var buffer = payload.NewBuffer();
        while (!stop.IsCancellationRequested)
        {
            payload.Stamp(buffer, Interlocked.Increment(ref sequence));
            await sender.SendAsync(method, buffer);
            Interlocked.Add(ref sent, payload.Items);
        }
    })).ToList();

    await Task.Delay(3000);
    var perSecond = new List<double>();
    var clock = Stopwatch.StartNew();
    var begin = Interlocked.Read(ref sent);
    var last = begin;
    for (var i = 0; i < seconds; i++)
    {
        await Task.Delay(TimeSpan.FromSeconds(i + 1) - clock.Elapsed);
        var now = Interlocked.Read(ref sent);
        perSecond.Add(now - last);
        last = now;
    }
    var total = (last - begin) / clock.Elapsed.TotalSeconds;
    stop.Cancel();
    await Task.WhenAll(tasks);
    Console.WriteLine($"{signal}/s: overall {total:F0}; per 1-s window {Machine.Summary(perSecond, "F0")}; target 100000: ratio {total / 100_000:F2}");
    Console.WriteLine($"dashboard RSS {target.WorkingSet() / 1048576} MB; load average {Machine.LoadAverage()}");
    return 0;
}

// Every buffer filled to the default limits, then a paced soak: RSS every 10 s, the traces list API timed all along.
static async Task<int> Soak(double minutes, int rate, int resourceCount, bool standalone)
{
    await using var target = await DashboardTarget.StartAsync(standalone, []);
    var resources = Enumerable.Range(0, resourceCount).Select(i => i == 0 ? "api" : $"service{i}").ToArray();
    Console.WriteLine($"{target.Kind} dashboard (pid {target.ProcessId}), {resourceCount} resources; RSS at start {target.WorkingSet() / 1048576} MB");

    long sequence = 0;
    using (var sender = new OtlpSender(target.OtlpGrpcUrl, DashboardTarget.ApiKey))
    {
        var fill = Stopwatch.StartNew();
        foreach (var (resource, r) in resources.Select((x, i) => (x, i)))
        {
            var traces = Payloads.Traces(resource, r);
            var buffer = traces.NewBuffer();
            for (var sentTraces = 0; sentTraces < 10_000; sentTraces += traces.Items / Payloads.SpansPerTrace)
            {
                traces.Stamp(buffer, ++sequence);
                await sender.SendAsync(OtlpSender.Traces, buffer);
            }
            var logs = Payloads.Logs(resource);
            for (var n = 0; n < 10_000; n += logs.Items) await sender.SendAsync(OtlpSender.Logs, logs.NewBuffer());
            for (var (n, batch) = (0, 0); n < 50_000; batch++)
            {
                var metrics = Payloads.Metrics(resource, batch);
                await sender.SendAsync(OtlpSender.Metrics, metrics.NewBuffer());
                n += metrics.Items;
            }
        }
        Console.WriteLine($"filled in {fill.Elapsed.TotalSeconds:F1} s: RSS {target.WorkingSet() / 1048576} MB; load average {Machine.LoadAverage()}");
        if (!standalone) Console.WriteLine($"live managed heap after a full GC: {GC.GetTotalMemory(forceFullCollection: true) / 1048576} MB, RSS then {target.WorkingSet() / 1048576} MB");
    }
    using var api = target.NewApiClient();
    Console.WriteLine("resources: " + await api.GetStringAsync("/api/telemetry/resources").ContinueWith(t => t.Result.Length > 400 ? t.Result[..400] + "…" : t.Result));

    // Paced: batch k leaves at k / (rate / 512) s, from two senders; a late sender catches up without a burst beyond its backlog.
    var payloads = resources.Select((r, i) => Payloads.Traces(r, i)).ToArray();
    var batchesPerSecond = rate / (double)payloads[0].Items;
    var duration = TimeSpan.FromMinutes(minutes);
    long next = 0, sentSpans = 0;
    var clock = Stopwatch.StartNew();
    var senders = Enumerable.Range(0, 2).Select(s => Task.Run(async () =>
    {
        using var sender = new OtlpSender(target.OtlpGrpcUrl, DashboardTarget.ApiKey);
        var buffers = payloads.Select(p => p.NewBuffer()).ToArray();
        while (true)
        {
            var k = Interlocked.Increment(ref next) - 1;
            var due = TimeSpan.FromSeconds(k / batchesPerSecond);
            if (due >= duration) return;
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var which = (int)(k % payloads.Length);
            payloads[which].Stamp(buffers[which], Interlocked.Increment(ref sequence));
            await sender.SendAsync(OtlpSender.Traces, buffers[which]);
            Interlocked.Add(ref sentSpans, payloads[which].Items);
        }
    })).ToList();

    var latencies = new List<double>();
    var queries = Task.Run(async () =>
    {
        while (clock.Elapsed < duration)
        {
            var watch = Stopwatch.StartNew();
            using var response = await api.GetAsync("/api/telemetry/traces?resource=api");
            var body = await response.Content.ReadAsByteArrayAsync();
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode || body.Length < 1000) throw new InvalidOperationException($"traces API: {(int)response.StatusCode}, {body.Length} bytes");
            await Task.Delay(250);
        }
    });

    var rss = new List<double>();
    for (var sample = 1; clock.Elapsed < duration; sample++)
    {
        await Task.Delay(TimeSpan.FromSeconds(10 * sample) - clock.Elapsed);
        var mb = target.WorkingSet() / 1048576.0;
        rss.Add(mb);
        var recent = latencies.TakeLast(40).ToList();
        Console.WriteLine($"{clock.Elapsed.TotalSeconds,5:F0} s: RSS {mb:F0} MB, spans/s so far {Interlocked.Read(ref sentSpans) / clock.Elapsed.TotalSeconds:F0}, " +
            $"traces API last 10 s median {Machine.Median(recent):F1} ms p95 {Machine.Percentile(recent, 0.95):F1} ms; load average {Machine.LoadAverage()}");
    }
    await Task.WhenAll(senders);
    await queries;
    Console.WriteLine($"soak: {Interlocked.Read(ref sentSpans) / clock.Elapsed.TotalSeconds:F0} spans/s over {clock.Elapsed.TotalSeconds:F0} s");
    Console.WriteLine($"RSS MB every 10 s: {Machine.Summary(rss, "F0")}; first {rss[0]:F0}, last {rss[^1]:F0}; target 500: ratio {rss.Max() / 500:F2}");
    Console.WriteLine($"traces API ms: median {Machine.Median(latencies):F1}, p95 {Machine.Percentile(latencies, 0.95):F1}, max {latencies.Max():F1} (n={latencies.Count}); target 200: ratio p95 {Machine.Percentile(latencies, 0.95) / 200:F2}");
    Console.WriteLine($"load average {Machine.LoadAverage()}");
    return 0;
}

// From starting a process to its dashboard answering on / (200, 302 or 401).
static async Task<int> Startup(int runs, string what)
{
    var state = Directory.CreateTempSubdirectory("dashboard-bench-state-").FullName;
    var times = new List<double>();
    using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(1) });
    for (var run = 0; run <= runs; run++)
    {
        var (port, grpc, http) = (DashboardTarget.FreePort(), DashboardTarget.FreePort(), DashboardTarget.FreePort());
        var start = what switch
        {
            "apphost" => new ProcessStartInfo(Environment.ProcessPath!) { ArgumentList = { "apphost", "--state", state } },
            "standalone" => new ProcessStartInfo(Machine.StandaloneDashboard()),
            // The sample stack as ./run.sh starts it (scripts/build-apphost.sh first), its state apart from yours.
            "sample" => new ProcessStartInfo(Machine.PublishedAppHost()) { Environment = { ["XDG_STATE_HOME"] = state } },
            _ => throw new ArgumentException($"--what {what}: apphost, standalone or sample"),
        };
        foreach (var arg in (string[])[$"--Dashboard:Port={port}", $"--Dashboard:OtlpGrpcPort={grpc}", $"--Dashboard:OtlpHttpPort={http}"]) start.ArgumentList.Add(arg);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        var url = new Uri($"http://127.0.0.1:{port}/");

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        int status;
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(url);
                status = (int)response.StatusCode;
                if (status is 200 or 302 or 401) break;
            }
            catch (HttpRequestException) { }
            if (process.HasExited) throw new InvalidOperationException($"{what} exited with {process.ExitCode} before its dashboard answered");
            if (watch.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"{what}: no answer on {url} in 30 s");
            await Task.Delay(2);
        }
        var ms = watch.Elapsed.TotalMilliseconds;
        await Machine.TerminateAsync(process);
        Console.WriteLine($"{(run == 0 ? "warm-up" : $"run {run}")}: {ms:F0} ms (HTTP {status}); load average {Machine.LoadAverage()}");
        if (run > 0) times.Add(ms);
    }
    Directory.Delete(state, recursive: true);
    Console.WriteLine($"{what}: dashboard answering after {Machine.Summary(times, "F0")} ms; target 500: ratio {Machine.Median(times) / 500:F2}");
    return 0;
}
