// A .NET program for the AddProject tests: listens where ASPNETCORE_URLS says and answers every
// request with 200 and its environment's GREETING, without ASP.NET so it starts fast.
using System.Net;
using System.Net.Sockets;
using System.Text;

var url = new Uri(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")!.Split(';')[0]);
var listener = new TcpListener(IPAddress.Loopback, url.Port);
listener.Start();
Console.WriteLine($"listening on {url} from {AppContext.BaseDirectory}");
var body = Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("GREETING") ?? "hello");
while (true)
{
    using var client = await listener.AcceptTcpClientAsync();
    var stream = client.GetStream();
    var buffer = new byte[4096];
    try
    {
        // A client that only checks the port is open (a TCP probe) hangs up without a request.
        if (await stream.ReadAsync(buffer) == 0) continue;
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head);
        await stream.WriteAsync(body);
    }
    catch (IOException)
    {
        // The client went away mid-answer: serve the next one.
    }
}
