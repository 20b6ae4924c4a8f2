using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orchestration.Bench;

/// <summary>
/// `--diagnose`: the building blocks of one chain link, timed on their own, outside the orchestrator.
/// They reproduce what the hosting library does (Task.Delay between health polls, a refused
/// TcpClient connect, ManagedProcess's Process.Start through /usr/bin/setsid) so the benchmark's
/// per-link figures can be attributed.
/// </summary>
internal static class Diagnostics
{
    public static async Task RunAsync(BenchSettings settings)
    {
        var poll = settings.StartupPollInterval ?? new Orchestration.Hosting.DistributedApplicationOptions().StartupPollInterval;
        Console.WriteLine("Building blocks of one chain link (each repeated, ms)");
        Console.WriteLine($"  {"",-66} {"median",8} {"mean",8} {"p90",8}");

        // .NET timers (Task.Delay, CancelAfter) fire against Environment.TickCount64 (TimerQueue.Unix.cs),
        // which advances in kernel ticks (4 ms with CONFIG_HZ=250): a delay ends on the first tick after it.
        var steps = new List<double>();
        var last = Environment.TickCount64;
        while (steps.Count < 50)
        {
            var now = Environment.TickCount64;
            if (now != last) { steps.Add(now - last); last = now; }
        }
        Print("Environment.TickCount64 step (the clock .NET timers use)", steps);
        Print($"Task.Delay({poll.TotalMilliseconds:0.#} ms) actual (StartupPollInterval)", await TimeAsync(200, () => Task.Delay(poll)));
        foreach (var ms in new[] { 4, 1 })
            Print($"Task.Delay({ms} ms) actual", await TimeAsync(200, () => Task.Delay(ms)));
        Print($"Thread.Sleep({poll.TotalMilliseconds:0.#} ms) actual (nanosleep, not tick-bound)", await TimeAsync(100, () => { Thread.Sleep(poll); return Task.CompletedTask; }));

        var closedPort = ClosedPort();
        Print("refused TcpClient connect (the TCP check before listen)", await TimeAsync(200, async () =>
        {
            using var client = new TcpClient();
            try { await client.ConnectAsync(IPAddress.Loopback, closedPort); } catch (SocketException) { }
        }));

        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start(512);
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            Print("accepted TcpClient connect (the TCP check after listen)", await TimeAsync(200, async () =>
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
            }));
        }

        var setsid = File.Exists("/usr/bin/setsid");
        foreach (var (label, viaSetsid) in new[] { ("Process.Start returns, via /usr/bin/setsid (as ManagedProcess)", true), ("Process.Start returns, direct exec", false) })
        {
            if (viaSetsid && !setsid) continue;
            var toReturn = new List<double>();
            var toExit = new List<double>();
            for (var i = 0; i < 60; i++)
            {
                var (started, exited) = await SpawnAsync(viaSetsid, "/bin/true");
                toReturn.Add(started);
                toExit.Add(exited);
            }
            Print(label, toReturn);
            Print($"  ... until /bin/true has exited{(viaSetsid ? " (setsid execs it)" : "")}", toExit);
        }

        // Fan-out without the services' CPU load: 20 spawns at once from the thread pool, of a program that only sleeps.
        var spreads = new List<double>();
        for (var round = 0; round < 7; round++)
        {
            var clock = Stopwatch.StartNew();
            var spawns = Enumerable.Range(0, settings.Count).Select(_ => Task.Run(async () =>
            {
                var spawned = await SpawnAsync(setsid, "/bin/sleep", "0.3");
                return clock.Elapsed.TotalMilliseconds - (spawned.Exited - spawned.Started);
            })).ToList();
            var returned = await Task.WhenAll(spawns);
            spreads.Add(returned.Max());
        }
        Print($"{settings.Count} concurrent spawns of `sleep` (no CPU load): last returns", spreads);

        var pythonExit = new List<double>();
        for (var i = 0; i < 30; i++) pythonExit.Add((await SpawnAsync(false, settings.Python, "-I", "-S", "-c", "pass")).Exited);
        Print($"{Path.GetFileName(settings.Python)} -I -S -c pass: spawn to exit (interpreter start)", pythonExit);
        Console.WriteLine();
    }

    private static void Print(string label, List<double> ms)
    {
        var sorted = ms.Order().ToList();
        Console.WriteLine($"  {label,-66} {Report.Median(ms),8:0.000} {ms.Average(),8:0.000} {sorted[(int)(sorted.Count * 0.9)],8:0.000}");
    }

    private static async Task<List<double>> TimeAsync(int count, Func<Task> action)
    {
        for (var i = 0; i < 10; i++) await action(); // warm-up
        var results = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            results.Add(clock.Elapsed.TotalMilliseconds);
        }
        return results;
    }

    /// <summary>Spawns like ManagedProcess.Start: redirected stdio, stdin closed, output read line by line.</summary>
    private static async Task<(double Started, double Exited)> SpawnAsync(bool viaSetsid, string command, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo(viaSetsid ? "/usr/bin/setsid" : command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (viaSetsid) start.ArgumentList.Add(command);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["PORT"] = "1";
        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = clock.Elapsed.TotalMilliseconds;
        await process.WaitForExitAsync();
        return (started, clock.Elapsed.TotalMilliseconds);
    }

    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
