using System.Net;
using System.Net.Sockets;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// Whether a port on 127.0.0.1 accepts connections, asked the cheap way. A check polls every few milliseconds while a
/// server starts, for each server starting at once; a client library's attempt on a port nobody listens on yet (an
/// HTTP or S3 client's handlers, an exception, a Redis or Npgsql client's reconnect) costs far more CPU than this
/// refused connect, and that CPU is taken from the servers starting beside it.
/// </summary>
internal static class LoopbackPort
{
    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var connect = new SocketAsyncEventArgs { RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, port) };
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connect.Completed += (_, _) => completed.TrySetResult();
        // The event-args form reports a refusal in SocketError instead of throwing; on loopback it mostly completes at once.
        if (socket.ConnectAsync(connect)) await completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return connect.SocketError == SocketError.Success;
    }

    /// <summary>Why a check of <paramref name="port"/> cannot pass yet (nothing listens there); null once something does.</summary>
    public static async Task<string?> NotListeningAsync(int port, CancellationToken cancellationToken)
        => await IsListeningAsync(port, cancellationToken).ConfigureAwait(false) ? null : $"nothing listens on port {port} yet";

    /// <summary>The same for an endpoint's port, as the check's resolver resolves it (a replica's own port for a replica).</summary>
    public static async Task<string?> NotListeningAsync(EndpointReference endpoint, ValueResolver resolver, CancellationToken cancellationToken)
    {
        var port = await endpoint.Property(EndpointProperty.Port).GetValueAsync(resolver, cancellationToken).ConfigureAwait(false);
        return await NotListeningAsync(int.Parse(port!, System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
    }
}
