using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DxTracker.Tests.Support;

/// <summary>A real SMTP server in the test process (the SmtpServer package) on a loopback port; keeps what it accepts.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private SmtpTestServer(int port) => Port = port;

    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>When set and true for a message, the server refuses it (554) instead of keeping it.</summary>
    public Func<MimeMessage, bool>? Refuse { get; set; }

    /// <summary>Runs after a message was kept and before the server answers 250 (to stop a sender at that point, or hold it
    /// there).</summary>
    public Func<MimeMessage, Task>? AfterKeeping { get; set; }

    /// <summary>A port nobody listens on (for "SMTP down": connections are refused), held until a server starts on it, so
    /// that no other test's server is given the same port meanwhile.</summary>
    public static PortReservation ReservePort() => new();

    public static Task<SmtpTestServer> StartAsync() => StartAsync(FreePort());

    /// <summary>Starts the server on a reserved port, releasing the reservation just before binding.</summary>
    public static Task<SmtpTestServer> StartAsync(PortReservation reserved)
    {
        var port = reserved.Port;
        reserved.Dispose();
        return StartAsync(port);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<SmtpTestServer> StartAsync(int port)
    {
        var server = new SmtpTestServer(port);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, server.Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(server));
        server._running = new SmtpServer.SmtpServer(options, services).StartAsync(server._stop.Token);
        await server.WaitUntilListeningAsync();
        return server;
    }

    private async Task WaitUntilListeningAsync()
    {
        for (var i = 0; ; i++)
        {
            // A server that failed to bind (the port taken after all) must not pass for one that listens.
            if (_running.IsFaulted)
                await _running;
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (i < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The accepted messages' recipients (one address per digest).</summary>
    public List<string> Recipients() => Messages.SelectMany(m => m.To.Mailboxes).Select(m => m.Address).Order().ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }

    /// <summary>A loopback port bound but not listening: connecting to it is refused, and the OS gives it to nobody else.</summary>
    public sealed class PortReservation : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        internal PortReservation()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        }

        public int Port { get; }

        public void Dispose() => _socket.Dispose();
    }

    private sealed class Store(SmtpTestServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (owner.Refuse?.Invoke(message) == true)
                return SmtpResponse.TransactionFailed;
            owner.Messages.Enqueue(message);
            if (owner.AfterKeeping is { } after)
                await after(message);
            return SmtpResponse.Ok;
        }
    }
}
