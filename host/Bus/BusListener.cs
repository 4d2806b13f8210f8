using System.Text;
using NetMQ;
using NetMQ.Sockets;

namespace AlphaHost.Host.Bus;

/// <summary>A SUB client of the bus that prints each message, notes gaps and skips last-value replays.</summary>
public sealed class BusListener(TextWriter output, int top)
{
    private readonly SequenceTracker _sequences = new();

    public long Printed { get; private set; }

    /// <summary>
    /// Prints messages until <paramref name="count"/> have been printed (0: no limit) or <paramref name="stop"/> fires.
    /// <paramref name="serverPublicKey"/> (Z85) speaks CURVE to a bus bound off loopback.
    /// </summary>
    public void Run(string endpoint, string topicPrefix, long count, CancellationToken stop, string? serverPublicKey = null)
    {
        using var sub = new SubscriberSocket();
        sub.Options.Linger = TimeSpan.Zero;
        if (serverPublicKey is not null)
        {
            sub.Options.CurveServerKey = CurveKeyPair.Decode(serverPublicKey, "server public key");
            sub.Options.CurveCertificate = new NetMQCertificate(); // any key: the bus admits whoever knows its public key
        }
        sub.Subscribe(topicPrefix);
        sub.Connect(endpoint);
        var frames = new List<byte[]>();
        while (!stop.IsCancellationRequested && (count == 0 || Printed < count))
        {
            if (!sub.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(200), ref frames)) continue; // wake up to notice the stop request
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
        if (BusCodec.TryDecode<BusHeader>(payload, out var error) is not { } header)
        {
            output.WriteLine($"! {topic}: unreadable payload of {payload.Length} bytes ({error})");
            return;
        }
        var missedBefore = _sequences.Missed;
        var arrival = _sequences.Observe(topic, header.Sequence);
        if (arrival == Arrival.Replay) return;
        if (arrival == Arrival.Gap)
            output.WriteLine($"! missed {_sequences.Missed - missedBefore} message(s) on {topic} before #{header.Sequence}");
        output.WriteLine(BusMessageFormatter.Format(topic, payload, top));
        Printed++;
    }
}
