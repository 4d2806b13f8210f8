using NetMQ;

namespace AlphaHost.Host.Bus;

/// <summary>
/// A NetMQPoller on its own named thread, owning the sockets and queues added to it: NetMQ
/// sockets are single-threaded and this is the one thread that touches them. A handler that
/// throws is recorded (<see cref="Failure"/>) and the thread keeps serving: bad input from the
/// network must never take the bus down.
/// </summary>
internal sealed class BusThread(string name) : IDisposable
{
    private readonly NetMQPoller _poller = new();
    private readonly List<IDisposable> _owned = [];
    private volatile string? _failure;
    private bool _disposed;

    /// <summary>The last exception a handler threw, if any.</summary>
    public string? Failure => _failure;

    public void Add(NetMQSocket socket, Action onReadable)
    {
        socket.ReceiveReady += (_, _) => Guard(onReadable);
        Own(socket);
    }

    public void Add<T>(NetMQQueue<T> queue, Action onReady)
    {
        queue.ReceiveReady += (_, _) => Guard(onReady);
        Own(queue);
    }

    public void Start() => _poller.RunAsync(name, isBackgroundThread: true);

    private void Own<T>(T pollable) where T : ISocketPollable, IDisposable
    {
        _poller.Add(pollable);
        _owned.Add(pollable);
    }

    private void Guard(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception e)
        {
            _failure = $"{e.GetType().Name}: {e.Message}";
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_poller.IsRunning) _poller.Stop();
        _poller.Dispose();
        foreach (var owned in _owned) owned.Dispose();
    }
}
