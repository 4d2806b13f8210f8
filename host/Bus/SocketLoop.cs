using AlphaHost.Sdk.Zmq;

namespace AlphaHost.Host.Bus;

/// <summary>
/// A thread that owns some sockets and runs a handler whenever one is readable, until disposed.
/// libzmq sockets are single-threaded; this is the one thread that touches them. The sockets are
/// closed when the loop is disposed.
/// </summary>
internal sealed class SocketLoop : IDisposable
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(5);
    private readonly ZmqSocket _stopSender;
    private readonly ZmqSocket _stopReceiver;
    private readonly List<(ZmqSocket Socket, Action OnReadable)> _handlers = [];
    private readonly Thread _thread;
    private volatile Exception? _failure;
    private bool _disposed;

    public SocketLoop(ZmqContext context, string name)
    {
        var stopEndpoint = $"inproc://alphahost.stop.{Guid.NewGuid():N}";
        _stopReceiver = context.CreateSocket(ZmqSocketType.Pair);
        _stopReceiver.Bind(stopEndpoint);
        _stopSender = context.CreateSocket(ZmqSocketType.Pair);
        _stopSender.Connect(stopEndpoint);
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    /// <summary>The exception that ended the loop early, if any.</summary>
    public Exception? Failure => _failure;

    /// <summary>Registers a socket (the loop takes ownership) before <see cref="Start"/>.</summary>
    public void On(ZmqSocket socket, Action onReadable) => _handlers.Add((socket, onReadable));

    public void Start() => _thread.Start();

    private void Run()
    {
        try
        {
            var poller = new ZmqPoller();
            var stopIndex = poller.Add(_stopReceiver);
            var indices = _handlers.Select(h => poller.Add(h.Socket)).ToArray();
            while (true)
            {
                poller.Poll(Timeout.InfiniteTimeSpan);
                if (poller.IsReady(stopIndex)) return;
                for (var i = 0; i < indices.Length; i++)
                    if (poller.IsReady(indices[i])) _handlers[i].OnReadable();
            }
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        var exited = true;
        if (_thread.IsAlive)
        {
            _stopSender.Send([], SendFlags.DontWait);
            exited = _thread.Join(JoinTimeout);
        }
        // A thread stuck past the timeout still holds its sockets: leak them rather than close under it.
        if (exited) foreach (var (socket, _) in _handlers) socket.Dispose();
        _stopSender.Dispose();
        _stopReceiver.Dispose();
    }
}
