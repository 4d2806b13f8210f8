using System.Runtime.InteropServices;

namespace AlphaHost.Sdk.Zmq;

/// <summary>
/// The libzmq C ABI (Debian libzmq5), declared one-to-one. Everything above this file is a thin
/// wrapper; the protocol itself is libzmq's.
/// </summary>
internal static unsafe class ZmqNative
{
    private const string Lib = "libzmq.so.5";

    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int ETERM = 156384712 + 53;

    /// <summary>zmq_msg_t: 64 opaque bytes, pointer-aligned.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    public struct Msg
    {
        private fixed long _opaque[8];
    }

    /// <summary>zmq_pollitem_t on Linux (fd is an int).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollItem
    {
        public IntPtr Socket;
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport(Lib)] public static extern int zmq_errno();
    [DllImport(Lib)] public static extern IntPtr zmq_strerror(int errnum);
    [DllImport(Lib)] public static extern void zmq_version(out int major, out int minor, out int patch);
    [DllImport(Lib)] public static extern int zmq_has([MarshalAs(UnmanagedType.LPUTF8Str)] string capability);

    [DllImport(Lib)] public static extern IntPtr zmq_ctx_new();
    [DllImport(Lib)] public static extern int zmq_ctx_term(IntPtr context);
    [DllImport(Lib)] public static extern int zmq_ctx_set(IntPtr context, int option, int value);

    [DllImport(Lib)] public static extern IntPtr zmq_socket(IntPtr context, int type);
    [DllImport(Lib)] public static extern int zmq_close(IntPtr socket);
    [DllImport(Lib)] public static extern int zmq_setsockopt(IntPtr socket, int option, void* value, nuint length);
    [DllImport(Lib)] public static extern int zmq_getsockopt(IntPtr socket, int option, void* value, nuint* length);
    [DllImport(Lib)] public static extern int zmq_bind(IntPtr socket, [MarshalAs(UnmanagedType.LPUTF8Str)] string endpoint);
    [DllImport(Lib)] public static extern int zmq_connect(IntPtr socket, [MarshalAs(UnmanagedType.LPUTF8Str)] string endpoint);
    [DllImport(Lib)] public static extern int zmq_unbind(IntPtr socket, [MarshalAs(UnmanagedType.LPUTF8Str)] string endpoint);
    [DllImport(Lib)] public static extern int zmq_disconnect(IntPtr socket, [MarshalAs(UnmanagedType.LPUTF8Str)] string endpoint);
    [DllImport(Lib)] public static extern int zmq_send(IntPtr socket, void* buffer, nuint length, int flags);

    [DllImport(Lib)] public static extern int zmq_msg_init(Msg* msg);
    [DllImport(Lib)] public static extern int zmq_msg_recv(Msg* msg, IntPtr socket, int flags);
    [DllImport(Lib)] public static extern int zmq_msg_close(Msg* msg);
    [DllImport(Lib)] public static extern void* zmq_msg_data(Msg* msg);
    [DllImport(Lib)] public static extern nuint zmq_msg_size(Msg* msg);
    [DllImport(Lib)] public static extern int zmq_msg_more(Msg* msg);
    [DllImport(Lib)] public static extern IntPtr zmq_msg_gets(Msg* msg, [MarshalAs(UnmanagedType.LPUTF8Str)] string property);

    [DllImport(Lib)] public static extern int zmq_poll(PollItem* items, int count, nint timeoutMs);

    [DllImport(Lib)] public static extern int zmq_curve_keypair(byte* publicZ85, byte* secretZ85);
    [DllImport(Lib)] public static extern int zmq_curve_public(byte* publicZ85, byte* secretZ85);
    [DllImport(Lib)] public static extern byte* zmq_z85_encode(byte* dest, byte* data, nuint size);
    [DllImport(Lib)] public static extern byte* zmq_z85_decode(byte* dest, byte* z85);
}
