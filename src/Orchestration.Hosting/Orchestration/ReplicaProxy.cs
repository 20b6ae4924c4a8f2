using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// A loopback TCP proxy in front of a replicated endpoint: each connection goes to the next replica in turn, as
/// Aspire's orchestrator (DCP) does for a replicated project, so a model written for Aspire keeps one address per
/// endpoint (what <c>WithReference</c> and <c>CreateHttpClient</c> hand out) while each replica binds a port of its own.
/// A replica that refuses the connection (stopped, restarting, not listening yet) is skipped for the next; when none
/// accepts, the client's connection is closed, as a server that is down would.
/// </summary>
internal sealed class ReplicaProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IReadOnlyList<int> _replicaPorts;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly Task _accepting;
    private int _next = -1;

    private ReplicaProxy(Socket listener, IReadOnlyList<int> replicaPorts)
    {
        _listener = listener;
        _replicaPorts = replicaPorts;
        _accepting = AcceptAsync();
    }

    /// <summary>Listens on <paramref name="port"/> (loopback) and spreads connections over <paramref name="replicaPorts"/>; throws a <see cref="SocketException"/> when the port is taken.</summary>
    public static ReplicaProxy Start(int port, IReadOnlyList<int> replicaPorts)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A port left in TIME_WAIT by the last run is free to use, as for the processes' own ports.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        return new ReplicaProxy(listener, replicaPorts);
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested) return;
                continue; // one failed accept (a client that gave up) is no reason to stop serving
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        client.NoDelay = true;
        _open[client] = 0;
        Socket? upstream = null;
        try
        {
            upstream = await ConnectToNextReplicaAsync().ConfigureAwait(false);
            if (upstream is null) return;
            _open[upstream] = 0;
            await Task.WhenAll(PipeAsync(client, upstream), PipeAsync(upstream, client)).ConfigureAwait(false);
        }
        finally
        {
            Close(client);
            if (upstream is not null) Close(upstream);
        }
    }

    private async Task<Socket?> ConnectToNextReplicaAsync()
    {
        for (var attempt = 0; attempt < _replicaPorts.Count; attempt++)
        {
            var port = _replicaPorts[(int)((uint)Interlocked.Increment(ref _next) % (uint)_replicaPorts.Count)];
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), _stopping.Token).ConfigureAwait(false);
                return upstream;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                upstream.Dispose();
                if (_stopping.IsCancellationRequested) return null;
            }
        }
        return null;
    }

    /// <summary>Copies one direction; at its end, tells the other side no more comes (a half-close), so request/response protocols finish.</summary>
    private async Task PipeAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token).ConfigureAwait(false);
                if (read == 0) break;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token).ConfigureAwait(false);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A reset on one side ends both directions: closing both wakes the other copy.
            Close(from);
            Close(to);
        }
    }

    private void Close(Socket socket)
    {
        if (_open.TryRemove(socket, out _)) socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try { await _accepting.ConfigureAwait(false); } catch (OperationCanceledException) { }
        // The token source is left to the collector: connections still winding down read its token.
        foreach (var socket in _open.Keys) Close(socket);
    }
}
