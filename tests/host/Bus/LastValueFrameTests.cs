using System.Runtime.CompilerServices;
using AlphaHost.Host.Bus;
using NetMQ;
using static AlphaHost.Host.Tests.Bus.BusTestKit;

namespace AlphaHost.Host.Tests.Bus;

[CollectionDefinition(nameof(LastValueFrameTests), DisableParallelization = true)]
public sealed class LastValueFrameCollection;

/// <summary>
/// The publisher sends and keeps the same pooled NetMQ frame (one reference for the last-value cache,
/// one per subscriber queue). A pool that poisons every returned buffer and notes double returns shows
/// a frame handed back too early or twice: a subscriber would read 0xEE bytes. Runs alone, since the
/// pool is process-wide.
/// </summary>
[Collection(nameof(LastValueFrameTests))]
public class LastValueFrameTests
{
    [Fact]
    public void FramesKeptForLateJoinersGoBackToThePoolOnceAndOnlyWhenUnused()
    {
        var pool = new PoisoningPool();
        BufferPool.SetCustomBufferPool(pool);
        try
        {
            using (var publisher = new SignalPublisher(new PublisherOptions { Endpoint = Loopback }))
            {
                using var early = Subscribe(publisher.Endpoint, "signal.");
                WaitUntil(() => publisher.Stats.Subscriptions == 1, "the subscription");
                Thread.Sleep(100);
                for (var tick = 0; tick < 40; tick++) publisher.PublishSignal(MakeSignal(tick % 2 == 0 ? "a" : "b", tick, 500));
                WaitUntil(() => publisher.Stats.Published == 40, "the bus thread to take the messages");

                // Early reads all 40 only now: its queued frames outlived their replacement in the cache.
                for (var tick = 0; tick < 40; tick++)
                {
                    var signal = NextAs<Signal>(early).Message;
                    Assert.Equal((tick, (ulong)tick / 2 + 1), (signal.Tick, signal.Sequence));
                    Assert.Equal(500, signal.Scores.Count);
                }

                for (var joiner = 0; joiner < 3; joiner++)
                {
                    using var late = Subscribe(publisher.Endpoint, "signal.");
                    foreach (var sub in new[] { late, early }) // the replays go to every subscriber of the prefix
                    {
                        Assert.Equal(("signal.a", 38L), Tick(NextAs<Signal>(sub)));
                        Assert.Equal(("signal.b", 39L), Tick(NextAs<Signal>(sub)));
                    }
                }
                publisher.PublishSignal(MakeSignal("a", 40, 500));
                Assert.Equal(40L, NextAs<Signal>(early).Message.Tick);
            }
            Assert.Equal(0, pool.DoubleReturns);
        }
        finally
        {
            BusBuffers.UsePooled();
        }
    }

    private static (string, long) Tick((string Topic, Signal Message) received) => (received.Topic, received.Message.Tick);

    private sealed class PoisoningPool : IBufferPool
    {
        private readonly ConditionalWeakTable<byte[], object> _returned = new();
        private int _doubleReturns;

        public int DoubleReturns => Volatile.Read(ref _doubleReturns);

        public byte[] Take(int size) => new byte[size];

        public void Return(byte[] buffer)
        {
            if (!_returned.TryAdd(buffer, this)) Interlocked.Increment(ref _doubleReturns);
            buffer.AsSpan().Fill(0xEE);
        }

        public void Dispose() { }
    }
}
