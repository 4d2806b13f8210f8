using System.Runtime.InteropServices;

namespace AlphaHost.Sdk.Zmq;

/// <summary>A libzmq call failed; <see cref="Exception.Message"/> carries zmq_strerror and what was attempted.</summary>
public sealed class ZmqException : Exception
{
    public int ErrorCode { get; }

    public ZmqException(int errorCode, string operation)
        : base($"{operation}: {Describe(errorCode)} (errno {errorCode})")
    {
        ErrorCode = errorCode;
    }

    /// <summary>True when the context was terminated under a blocking call (ETERM).</summary>
    public bool IsContextTerminated => ErrorCode == ZmqNative.ETERM;

    public static string Describe(int errorCode) =>
        Marshal.PtrToStringUTF8(ZmqNative.zmq_strerror(errorCode)) ?? "unknown error";

    internal static ZmqException FromLastError(string operation) => new(ZmqNative.zmq_errno(), operation);
}
