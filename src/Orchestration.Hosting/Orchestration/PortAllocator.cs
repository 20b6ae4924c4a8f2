using System.Net;
using System.Net.Sockets;

namespace Orchestration.Hosting.Orchestration;

/// <summary>Free loopback ports for endpoints that name none; checks that fixed ones are free.</summary>
internal sealed class PortAllocator
{
    private readonly HashSet<int> _given = [];

    /// <summary>A port the OS says is free now, never one given out before in this run.</summary>
    public int Allocate()
    {
        while (true)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            if (_given.Add(port)) return port;
        }
    }

    /// <summary>Marks a fixed port as used so no allocation returns it.</summary>
    public void Reserve(int port) => _given.Add(port);

    /// <summary>Whether something already listens on (or holds) the port on loopback.</summary>
    public static bool IsTaken(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            // A port left in TIME_WAIT by the last run is free to use; only a live listener counts as taken.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
