namespace AlphaHost.Sdk.Zmq;

/// <summary>
/// A libzmq context: owns the I/O threads and the inproc namespace. Close every socket made from
/// it before disposing it (zmq_ctx_term waits for them).
/// </summary>
public sealed class ZmqContext : IDisposable
{
    private const int IoThreadsOption = 1; // ZMQ_IO_THREADS
    private IntPtr _handle;

    public ZmqContext(int ioThreads = 1)
    {
        _handle = ZmqNative.zmq_ctx_new();
        if (_handle == IntPtr.Zero) throw ZmqException.FromLastError("zmq_ctx_new");
        if (ioThreads != 1 && ZmqNative.zmq_ctx_set(_handle, IoThreadsOption, ioThreads) != 0)
            throw ZmqException.FromLastError($"zmq_ctx_set(io_threads={ioThreads})");
    }

    /// <summary>libzmq's version, e.g. 4.3.4.</summary>
    public static Version LibraryVersion
    {
        get
        {
            ZmqNative.zmq_version(out var major, out var minor, out var patch);
            return new Version(major, minor, patch);
        }
    }

    /// <summary>Whether this libzmq was built with a capability such as "curve" or "ipc".</summary>
    public static bool Has(string capability) => ZmqNative.zmq_has(capability) != 0;

    public ZmqSocket CreateSocket(ZmqSocketType type) => new(Handle, type);

    internal IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(ZmqContext));

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle == IntPtr.Zero) return;
        // EINTR: a signal (the runtime uses some) interrupted the wait; terminating must still finish.
        while (ZmqNative.zmq_ctx_term(handle) != 0)
        {
            var error = ZmqNative.zmq_errno();
            if (error != ZmqNative.EINTR) throw new ZmqException(error, "zmq_ctx_term");
        }
    }
}
