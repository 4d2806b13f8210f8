using System.Runtime.InteropServices;
using System.Text;

namespace AlphaHost.Sdk.Zmq;

/// <summary>
/// One libzmq socket. Like libzmq's, it is not thread-safe: use it from one thread at a time.
/// Linger defaults to 0 here (libzmq's default waits for ever at close), so closing never hangs.
/// </summary>
public sealed unsafe class ZmqSocket : IDisposable
{
    private IntPtr _handle;

    internal ZmqSocket(IntPtr context, ZmqSocketType type)
    {
        _handle = ZmqNative.zmq_socket(context, (int)type);
        if (_handle == IntPtr.Zero) throw ZmqException.FromLastError($"zmq_socket({type})");
        Type = type;
        SetOption(ZmqOption.Linger, 0);
    }

    public ZmqSocketType Type { get; }

    internal IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(ZmqSocket));

    public void Bind(string endpoint) => Check(ZmqNative.zmq_bind(Handle, endpoint), $"zmq_bind({endpoint})");
    public void Connect(string endpoint) => Check(ZmqNative.zmq_connect(Handle, endpoint), $"zmq_connect({endpoint})");
    public void Unbind(string endpoint) => Check(ZmqNative.zmq_unbind(Handle, endpoint), $"zmq_unbind({endpoint})");
    public void Disconnect(string endpoint) => Check(ZmqNative.zmq_disconnect(Handle, endpoint), $"zmq_disconnect({endpoint})");

    /// <summary>The endpoint last bound or connected, with a wildcard port resolved (tcp://127.0.0.1:* → :41234).</summary>
    public string LastEndpoint => GetString(ZmqOption.LastEndpoint);

    public void Subscribe(string prefix) => SetOption(ZmqOption.Subscribe, Encoding.UTF8.GetBytes(prefix));
    public void Unsubscribe(string prefix) => SetOption(ZmqOption.Unsubscribe, Encoding.UTF8.GetBytes(prefix));

    public void SetOption(ZmqOption option, int value) =>
        Check(ZmqNative.zmq_setsockopt(Handle, (int)option, &value, sizeof(int)), $"zmq_setsockopt({option}={value})");

    public void SetOption(ZmqOption option, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
            Check(ZmqNative.zmq_setsockopt(Handle, (int)option, p, (nuint)value.Length), $"zmq_setsockopt({option})");
    }

    /// <summary>A string option (Z85 keys, ZAP domain) without its terminating zero.</summary>
    public void SetOption(ZmqOption option, string value) => SetOption(option, Encoding.UTF8.GetBytes(value));

    public int GetInt(ZmqOption option)
    {
        int value;
        nuint length = sizeof(int);
        Check(ZmqNative.zmq_getsockopt(Handle, (int)option, &value, &length), $"zmq_getsockopt({option})");
        return value;
    }

    public string GetString(ZmqOption option)
    {
        var buffer = stackalloc byte[512];
        nuint length = 512;
        Check(ZmqNative.zmq_getsockopt(Handle, (int)option, buffer, &length), $"zmq_getsockopt({option})");
        var text = new ReadOnlySpan<byte>(buffer, (int)length);
        var zero = text.IndexOf((byte)0);
        return Encoding.UTF8.GetString(zero >= 0 ? text[..zero] : text);
    }

    /// <summary>
    /// Sends one frame. Returns false when it could not be queued now (EAGAIN: DontWait and the
    /// high-water mark is reached, or the send timeout expired); throws on any other error.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> frame, SendFlags flags = SendFlags.None)
    {
        fixed (byte* p = frame)
        {
            while (true)
            {
                if (ZmqNative.zmq_send(Handle, p, (nuint)frame.Length, (int)flags) >= 0) return true;
                var error = ZmqNative.zmq_errno();
                if (error == ZmqNative.EAGAIN) return false;
                if (error != ZmqNative.EINTR) throw new ZmqException(error, $"zmq_send({Type})");
            }
        }
    }

    public bool Send(string frame, SendFlags flags = SendFlags.None) => Send(Encoding.UTF8.GetBytes(frame), flags);

    /// <summary>Sends all frames as one message; returns false if the first frame could not be queued (nothing sent).</summary>
    public bool SendMultipart(IReadOnlyList<byte[]> frames, bool dontWait = false)
    {
        if (frames.Count == 0) throw new ArgumentException("a message needs at least one frame", nameof(frames));
        var wait = dontWait ? SendFlags.DontWait : SendFlags.None;
        for (var i = 0; i < frames.Count; i++)
        {
            var more = i < frames.Count - 1 ? SendFlags.More : SendFlags.None;
            // Once the first frame is queued libzmq accepts the rest of the message.
            if (!Send(frames[i], wait | more))
            {
                if (i == 0) return false;
                throw new ZmqException(ZmqNative.EAGAIN, "zmq_send: message cut after its first frame");
            }
        }
        return true;
    }

    /// <summary>
    /// Receives one frame; null when none arrived (DontWait, or the receive timeout expired).
    /// <paramref name="more"/> says whether further frames of the same message follow.
    /// </summary>
    public byte[]? Receive(out bool more, bool dontWait = false)
    {
        ZmqNative.Msg msg;
        ZmqNative.zmq_msg_init(&msg);
        try
        {
            while (ZmqNative.zmq_msg_recv(&msg, Handle, dontWait ? (int)SendFlags.DontWait : 0) < 0)
            {
                var error = ZmqNative.zmq_errno();
                if (error == ZmqNative.EAGAIN) { more = false; return null; }
                if (error != ZmqNative.EINTR) throw new ZmqException(error, $"zmq_msg_recv({Type})");
            }
            more = ZmqNative.zmq_msg_more(&msg) != 0;
            return new ReadOnlySpan<byte>(ZmqNative.zmq_msg_data(&msg), (int)ZmqNative.zmq_msg_size(&msg)).ToArray();
        }
        finally
        {
            ZmqNative.zmq_msg_close(&msg);
        }
    }

    /// <summary>Receives a whole multipart message; null when none arrived. libzmq delivers messages atomically.</summary>
    public List<byte[]>? ReceiveMultipart(bool dontWait = false)
    {
        var first = Receive(out var more, dontWait);
        if (first is null) return null;
        var frames = new List<byte[]> { first };
        while (more) frames.Add(Receive(out more) ?? throw new ZmqException(ZmqNative.EAGAIN, "zmq_msg_recv: message cut short"));
        return frames;
    }

    public int Linger { get => GetInt(ZmqOption.Linger); set => SetOption(ZmqOption.Linger, value); }
    public int SendHighWaterMark { get => GetInt(ZmqOption.SendHighWaterMark); set => SetOption(ZmqOption.SendHighWaterMark, value); }
    public int ReceiveHighWaterMark { get => GetInt(ZmqOption.ReceiveHighWaterMark); set => SetOption(ZmqOption.ReceiveHighWaterMark, value); }

    /// <summary>Milliseconds a blocking receive waits before giving up (-1: for ever).</summary>
    public int ReceiveTimeout { get => GetInt(ZmqOption.ReceiveTimeout); set => SetOption(ZmqOption.ReceiveTimeout, value); }
    public int SendTimeout { get => GetInt(ZmqOption.SendTimeout); set => SetOption(ZmqOption.SendTimeout, value); }

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero) ZmqNative.zmq_close(handle);
    }

    private static void Check(int rc, string operation)
    {
        if (rc != 0) throw ZmqException.FromLastError(operation);
    }
}
