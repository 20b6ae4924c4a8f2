namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// A precise beat for the fast health polling of starting resources. <c>Task.Delay</c> on Linux
/// rounds up to the runtime's millisecond tick source, which moves in kernel-tick steps (4 ms on a
/// 250 Hz kernel): a 5 ms delay lasts 8–9 ms, and that rounding alone was most of a dependent's start
/// latency. One background thread sleeping with nanosecond precision wakes every waiter at once; it
/// runs only while some resource is starting.
/// </summary>
internal sealed class PollTicker(TimeSpan interval)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _tick = New();
    private int _waiters;
    private bool _running;

    /// <summary>Completes at the next beat.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        Task tick;
        lock (_gate)
        {
            _waiters++;
            tick = _tick.Task;
            if (!_running)
            {
                _running = true;
                new Thread(Beat) { IsBackground = true, Name = "health-poll" }.Start();
            }
        }
        try
        {
            await tick.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate) _waiters--;
        }
    }

    private void Beat()
    {
        var idle = 0;
        while (true)
        {
            Thread.Sleep(interval);
            TaskCompletionSource tick;
            lock (_gate)
            {
                // Stop after a second with nobody waiting; the next waiter starts a new thread.
                idle = _waiters == 0 ? idle + 1 : 0;
                if (idle * interval.TotalMilliseconds > 1000)
                {
                    _running = false;
                    return;
                }
                tick = _tick;
                _tick = New();
            }
            tick.TrySetResult();
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
