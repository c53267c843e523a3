using System.Net;
using System.Net.Sockets;

namespace Recordings.Testing;

/// <summary>A loopback TCP port free right now (the system picks it), for a server a test starts itself.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
