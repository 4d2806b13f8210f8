using System.Text;
using AlphaHost.Sdk.Zmq;

namespace AlphaHost.Host.Bus;

/// <summary>A SUB client of the bus that prints each message, notes gaps and skips last-value replays.</summary>
public sealed class BusListener(TextWriter output, int top)
{
    private readonly SequenceTracker _sequences = new();

    public long Printed { get; private set; }

    /// <summary>Prints messages until <paramref name="count"/> have been printed (0: no limit) or <paramref name="stop"/> fires.</summary>
    public void Run(ZmqContext context, string endpoint, string topicPrefix, long count, CancellationToken stop)
    {
        using var sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.ReceiveTimeout = 200; // wake up to notice the stop request
        sub.Subscribe(topicPrefix);
        sub.Connect(endpoint);
        while (!stop.IsCancellationRequested && (count == 0 || Printed < count))
        {
            var frames = sub.ReceiveMultipart();
            if (frames is null) continue;
            if (frames.Count != 2)
            {
                output.WriteLine($"! skipped a message of {frames.Count} frames (expected topic + payload)");
                continue;
            }
            Handle(Encoding.UTF8.GetString(frames[0]), frames[1]);
        }
    }

    public void Handle(string topic, byte[] payload)
    {
        var sequence = BusMessageFormatter.SequenceOf(topic, payload);
        var missedBefore = _sequences.Missed;
        var arrival = _sequences.Observe(topic, sequence);
        if (arrival == Arrival.Replay) return;
        if (arrival == Arrival.Gap)
            output.WriteLine($"! missed {_sequences.Missed - missedBefore} message(s) on {topic} before #{sequence}");
        output.WriteLine(BusMessageFormatter.Format(topic, payload, top));
        Printed++;
    }
}
