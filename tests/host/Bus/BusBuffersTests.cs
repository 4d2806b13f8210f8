using AlphaHost.Host.Bus;
using NetMQ;

namespace AlphaHost.Host.Tests.Bus;

/// <summary>Pooled NetMQ buffers can be switched on in a process that already moved frames (as tests calling Program.Main do).</summary>
public class BusBuffersTests
{
    [Fact]
    public void FramesFromBeforeTheSwitchAreTakenBackWithoutComplaint()
    {
        BusBuffers.UsePooled();
        foreach (var size in new[] { 0, 1, 1000, 1024, 75_108 }) BufferPool.Return(new byte[size]); // the GC pool's exact sizes

        var taken = BufferPool.Take(75_108);
        Assert.True(taken.Length >= 75_108);
        BufferPool.Return(taken);

        using var pull = new NetMQ.Sockets.PullSocket("@inproc://bus-buffers");
        using var push = new NetMQ.Sockets.PushSocket(">inproc://bus-buffers");
        var payload = Enumerable.Range(0, 75_108).Select(i => (byte)i).ToArray();
        push.SendFrame(payload);
        Assert.Equal(payload, pull.ReceiveFrameBytes());
    }
}
