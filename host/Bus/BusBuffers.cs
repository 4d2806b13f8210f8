using System.Buffers;
using System.Numerics;
using NetMQ;

namespace AlphaHost.Host.Bus;

/// <summary>
/// NetMQ's default allocates every frame's buffer anew: a 75 KB signal left one 75 KB array of
/// garbage per send and per receive, and those gen0 GCs landed in the latency tail. The pool is
/// process-wide, so `alphahost` sets it first thing in Main.
/// </summary>
public static class BusBuffers
{
    public static void UsePooled() => BufferPool.SetCustomBufferPool(SharedPool.Instance);

    // Not NetMQ's BufferManagerBufferPool: that throws (on NetMQ's I/O thread) when handed a buffer it
    // did not make, as happens to frames allocated before the switch. This one drops those instead.
    private sealed class SharedPool : IBufferPool
    {
        public static readonly SharedPool Instance = new();

        public byte[] Take(int size) => ArrayPool<byte>.Shared.Rent(size);

        public void Return(byte[] buffer)
        {
            if (buffer.Length >= 16 && BitOperations.IsPow2(buffer.Length)) ArrayPool<byte>.Shared.Return(buffer);
        }

        public void Dispose() { }
    }
}
