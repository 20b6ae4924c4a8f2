namespace Orchestration.Hosting.Tests;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Xunit.Abstractions;
using RestartPolicy = global::Orchestration.Hosting.ApplicationModel.RestartPolicy;
using RestartPolicyAnnotation = global::Orchestration.Hosting.ApplicationModel.RestartPolicyAnnotation;

/// <summary>Restarts as Kubernetes' CrashLoopBackOff does them: a service that ran healthy between crashes is never given up on.</summary>
public sealed class RestartPolicyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_service_that_crashes_after_healthy_runs_is_restarted_every_time_and_its_backoff_starts_over()
    {
        await using var stack = new TestStack(output);
        // Healthy for ~1.5 s, then a crash: forever. The backoff would reach 1.2 s at the third restart
        // and 4.8 s at the fifth if healthy runs did not reset it. (At 0.8 s, one run reported healthy late on a
        // busy machine stayed healthy under the 400 ms reset, and its backoff rightly doubled.)
        stack.Service("worker", "--crash-after", "1.5")
            .WithRestartPolicy(new RestartPolicyAnnotation(RestartPolicy.OnFailure, InitialBackoff: TimeSpan.FromMilliseconds(300))
            {
                BackoffResetAfter = TimeSpan.FromMilliseconds(400),
            });

        await stack.StartAsync();
        await WaitUntilAsync(() => stack.Records().Count(r => r.Event == "start") >= 8, TimeSpan.FromSeconds(40));

        var records = stack.Records().Where(r => r.Event is "start" or "crash").ToList();
        Assert.True(records.Count(r => r.Event == "crash") >= 7, "fewer than 7 crashes were seen");
        // Every crash was followed by a start after the first backoff, never a doubled one: the wait the runner chose is
        // on the console ("restarting in 300 ms"); the records show it was kept (a process's own start time varies with load).
        var waits = stack.Output.Lines.Where(l => l.StartsWith("worker ", StringComparison.Ordinal) && l.Contains("restarting in", StringComparison.Ordinal)).ToList();
        Assert.True(waits.Count >= 7, $"{waits.Count} restarts announced");
        Assert.All(waits, l => Assert.Contains("restarting in 300 ms", l));
        for (var i = 0; i + 1 < records.Count; i++)
        {
            if (records[i].Event != "crash" || records[i + 1].Event != "start") continue;
            var gapMs = (records[i + 1].TimeNs - records[i].TimeNs) / 1_000_000.0;
            Assert.True(gapMs >= 300, $"restart after crash {i / 2 + 1} came {gapMs:0} ms later, before its backoff");
        }
        // Aspire sees it come back each time: healthy again after the restarts.
        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("worker").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(stack.StatesOf("worker").Count(s => s == KnownResourceStates.Running) >= 7, string.Join(", ", stack.StatesOf("worker")));
        Assert.DoesNotContain(stack.Output.Lines, l => l.Contains("worker", StringComparison.Ordinal) && l.Contains("after", StringComparison.Ordinal) && l.Contains("restarts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_explicit_limit_counts_restarts_in_a_row_and_a_long_enough_healthy_run_breaks_the_row()
    {
        await using var stack = new TestStack(output);
        RestartPolicyAnnotation Policy(TimeSpan countResetAfter) => new(RestartPolicy.OnFailure, MaxRestarts: 2, InitialBackoff: TimeSpan.FromMilliseconds(100))
        {
            BackoffResetAfter = TimeSpan.FromMilliseconds(400),
            CountResetAfter = countResetAfter,
        };
        stack.Service("steady", "--crash-after", "0.8").WithRestartPolicy(Policy(TimeSpan.FromMilliseconds(500)));
        stack.Service("capped", "--crash-after", "0.8").WithRestartPolicy(Policy(TimeSpan.FromHours(1)));

        await stack.StartAsync();
        // capped's third run ends its row of 2 restarts: it stays Exited; steady's healthy runs (500 ms) keep breaking its row.
        await WaitUntilAsync(() => stack.Output.Lines.Any(l => l == "capped   | exited with code 1"), TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => stack.Records().Count(r => r.Event == "start" && r.Name == "steady") >= 5, TimeSpan.FromSeconds(30));

        Assert.Equal(3, stack.Records().Count(r => r.Event == "start" && r.Name == "capped"));
        Assert.Equal(2, stack.Output.Lines.Count(l => l.StartsWith("capped ", StringComparison.Ordinal) && l.Contains("restarting in", StringComparison.Ordinal)));
        Assert.Equal(1, (await stack.StateAsync("capped", KnownResourceStates.Exited)).ExitCode);
        Assert.Contains(stack.Output.Lines, l => l.StartsWith("steady ", StringComparison.Ordinal) && l.Contains("(restart 4, 1 of 2 in a row)", StringComparison.Ordinal));
        await stack.StateAsync("steady", KnownResourceStates.Running, seconds: 5); // and it keeps coming back
    }

    [Fact]
    public async Task A_negative_limit_is_refused_before_anything_starts()
    {
        await using var stack = new TestStack(output);
        stack.Service("worker").WithRestartPolicy(RestartPolicy.OnFailure, maxRestarts: -1);

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(stack.StartAsync);

        Assert.Contains("'worker' allows -1 restarts", error.Message);
        Assert.Empty(stack.Records());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {timeout.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
