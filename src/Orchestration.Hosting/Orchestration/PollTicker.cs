namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// A precise beat for the fast health polling of starting resources. <c>Task.Delay</c> on Linux
/// rounds up to the runtime's millisecond tick source, which moves in kernel-tick steps (4 ms on a
/// 250 Hz kernel): a 5 ms delay lasts 8–9 ms, and that rounding alone was most of a dependent's start
/// latency. One background thread sleeping with nanosecond precision wakes every waiter at once; it
/// runs only while some resource is starting.
/// </summary>
/// <remarks>
/// The beat quickens to <see cref="QuickInterval"/> while a resource that has just started is polled and at most
/// <see cref="QuickWaiters"/> are: a chain of dependencies (each waiting for the one before) starts one at a time, and
/// the half-beat each link waits on average adds up along the chain; twenty resources starting at once would instead
/// poll a thousand times a second each, on the cores they start on.
/// </remarks>
internal sealed class PollTicker(TimeSpan interval)
{
    public static readonly TimeSpan QuickInterval = TimeSpan.FromMilliseconds(1);
    public const int QuickWaiters = 2;

    private readonly Lock _gate = new();
    private TaskCompletionSource _tick = New();
    private int _waiters;
    private int _quickWaiters;
    private bool _running;

    /// <summary>Completes at the next beat; <paramref name="quick"/>: the caller has just started.</summary>
    public async Task WaitAsync(bool quick, CancellationToken cancellationToken)
    {
        Task tick;
        lock (_gate)
        {
            _waiters++;
            if (quick) _quickWaiters++;
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
            lock (_gate)
            {
                _waiters--;
                if (quick) _quickWaiters--;
            }
        }
    }

    private void Beat()
    {
        var idleSince = DateTime.UtcNow;
        var sleep = interval;
        while (true)
        {
            Thread.Sleep(sleep);
            TaskCompletionSource tick;
            lock (_gate)
            {
                // Stop after a second with nobody waiting; the next waiter starts a new thread.
                if (_waiters > 0) idleSince = DateTime.UtcNow;
                else if (DateTime.UtcNow - idleSince > TimeSpan.FromSeconds(1))
                {
                    _running = false;
                    return;
                }
                sleep = _quickWaiters > 0 && _waiters <= QuickWaiters ? QuickInterval : interval;
                tick = _tick;
                _tick = New();
            }
            tick.TrySetResult();
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
