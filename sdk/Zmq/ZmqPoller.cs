namespace AlphaHost.Sdk.Zmq;

/// <summary>zmq_poll over a fixed set of sockets: wait until any is ready, then ask which.</summary>
public sealed unsafe class ZmqPoller
{
    private readonly List<ZmqSocket> _sockets = [];
    private readonly List<PollEvents> _events = [];
    private PollEvents[] _ready = [];

    /// <summary>Adds a socket; returns its index for <see cref="IsReady"/>.</summary>
    public int Add(ZmqSocket socket, PollEvents events = PollEvents.In)
    {
        _sockets.Add(socket);
        _events.Add(events);
        _ready = new PollEvents[_sockets.Count];
        return _sockets.Count - 1;
    }

    /// <summary>Waits up to <paramref name="timeout"/> (infinite: <see cref="Timeout.InfiniteTimeSpan"/>); returns how many sockets are ready.</summary>
    public int Poll(TimeSpan timeout)
    {
        var count = _sockets.Count;
        var items = stackalloc ZmqNative.PollItem[count];
        for (var i = 0; i < count; i++)
            items[i] = new ZmqNative.PollItem { Socket = _sockets[i].Handle, Events = (short)_events[i] };
        var timeoutMs = timeout == Timeout.InfiniteTimeSpan ? -1 : (nint)timeout.TotalMilliseconds;
        int rc;
        while ((rc = ZmqNative.zmq_poll(items, count, timeoutMs)) < 0)
        {
            var error = ZmqNative.zmq_errno();
            if (error != ZmqNative.EINTR) throw new ZmqException(error, "zmq_poll");
        }
        for (var i = 0; i < count; i++) _ready[i] = (PollEvents)items[i].Revents;
        return rc;
    }

    public bool IsReady(int index, PollEvents events = PollEvents.In) => (_ready[index] & events) != 0;
}
