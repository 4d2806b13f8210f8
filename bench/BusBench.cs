using System.Diagnostics;
using AlphaHost.Host.Bus;
using NetMQ;
using NetMQ.Sockets;

namespace AlphaHost.Bench;

/// <summary>
/// Signal bus on loopback TCP for a 5,000-stock Signal, side by side in one run: publish → decoded
/// latency (p50/p99), messages/s against raw NetMQ PUB/SUB moving the same bytes, and a publishing
/// loop's tick rate with one stalled subscriber against none. Args: [messages] [stocks] (2000 5000).
/// </summary>
public sealed class BusBench : IBench
{
    public string Name => "bus";
    public string Description => "signal bus: p50/p99 latency and msgs/s of a 5,000-stock Signal vs raw NetMQ PUB/SUB";

    private const string Loopback = "tcp://127.0.0.1:*";

    public void Run(string[] args)
    {
        var messages = args.Length > 0 ? int.Parse(args[0]) : 2000;
        var stocks = args.Length > 1 ? int.Parse(args[1]) : 5000;
        var size = BusCodec.Encode(MakeSignal(stocks)).Length;
        Console.WriteLine($"{Environment.ProcessorCount} cores, signal of {stocks} stocks = {size} bytes, {messages} messages");

        var raw = RawThroughput(new byte[size], messages);
        var bus = BusThroughput(stocks, messages);
        Console.WriteLine($"raw_netmq_pub_sub_msgs_per_s {raw:F0}");
        Console.WriteLine($"bus_msgs_per_s {bus:F0}   ({bus / raw:P0} of raw; publish + encode + send + receive + decode)");
        var latency = BusLatency(stocks, Math.Min(messages, 1000));
        Console.WriteLine($"bus_latency_us p50 {Percentile(latency, 50):F0} p99 {Percentile(latency, 99):F0}   (Publish() call → subscriber has decoded the Signal)");
        var alone = TickRate(stocks, messages, stalled: false);
        var withStall = TickRate(stocks, messages, stalled: true);
        Console.WriteLine($"ticks_per_s_no_subscriber {alone:F0}");
        Console.WriteLine($"ticks_per_s_with_stalled_subscriber {withStall:F0}");
    }

    private static Signal MakeSignal(int stocks)
    {
        var random = new Random(7);
        return new Signal
        {
            Model = "bench", PluginVersion = "v1", TradingDate = "2024-01-31",
            Codes = Enumerable.Range(0, stocks).Select(i => $"{600000 + i:D6}.{(i % 2 == 0 ? "SH" : "SZ")}").ToList(),
            Scores = Enumerable.Range(0, stocks).Select(_ => (float)random.NextDouble()).ToList(),
        };
    }

    private static SubscriberSocket Sub(string endpoint)
    {
        var sub = new SubscriberSocket();
        sub.Options.ReceiveHighWatermark = 0;
        sub.SubscribeToAnyTopic();
        sub.Connect(endpoint);
        return sub;
    }

    private static double RawThroughput(byte[] payload, int messages)
    {
        using var pub = new PublisherSocket();
        pub.Options.SendHighWatermark = 0;
        pub.Bind(Loopback);
        using var sub = Sub(pub.Options.LastEndpoint!);
        Thread.Sleep(300);
        var topic = "signal.bench"u8.ToArray();
        var watch = Stopwatch.StartNew();
        var reader = Task.Run(() => { for (var i = 0; i < messages; i++) { sub.ReceiveFrameBytes(); sub.ReceiveFrameBytes(); } });
        for (var i = 0; i < messages; i++) pub.SendMoreFrame(topic).SendFrame(payload);
        reader.Wait();
        return messages / watch.Elapsed.TotalSeconds;
    }

    private static double BusThroughput(int stocks, int messages)
    {
        using var publisher = new SignalPublisher(new PublisherOptions { Endpoint = Loopback, QueueCapacity = messages, SubscriberHighWaterMark = messages });
        using var sub = Sub(publisher.Endpoint);
        while (publisher.Stats.Subscriptions == 0) Thread.Sleep(10);
        var signals = Enumerable.Range(0, messages).Select(_ => MakeSignal(stocks)).ToList();
        var watch = Stopwatch.StartNew();
        var reader = Task.Run(() => { for (var i = 0; i < messages; i++) { sub.ReceiveFrameBytes(); BusCodec.TryDecode<Signal>(sub.ReceiveFrameBytes(), out _); } });
        foreach (var s in signals) publisher.PublishSignal(s);
        reader.Wait();
        return messages / watch.Elapsed.TotalSeconds;
    }

    private static List<double> BusLatency(int stocks, int messages)
    {
        using var publisher = new SignalPublisher(new PublisherOptions { Endpoint = Loopback });
        using var sub = Sub(publisher.Endpoint);
        while (publisher.Stats.Subscriptions == 0) Thread.Sleep(10);
        var latencies = new List<double>();
        for (var i = 0; i < messages + 50; i++)
        {
            var signal = MakeSignal(stocks);
            var start = Stopwatch.GetTimestamp();
            publisher.PublishSignal(signal);
            sub.ReceiveFrameBytes();
            BusCodec.TryDecode<Signal>(sub.ReceiveFrameBytes(), out _);
            if (i >= 50) latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds); // after warm-up
        }
        return latencies;
    }

    /// <summary>A loop that builds and publishes one signal per tick, with one never-reading subscriber or none.</summary>
    private static double TickRate(int stocks, int ticks, bool stalled)
    {
        using var publisher = new SignalPublisher(new PublisherOptions { Endpoint = Loopback });
        using var sub = stalled ? new SubscriberSocket() : null;
        if (sub is not null)
        {
            sub.Options.ReceiveHighWatermark = 1;
            sub.Options.ReceiveBuffer = 64 * 1024;
            sub.SubscribeToAnyTopic();
            sub.Connect(publisher.Endpoint);
            while (publisher.Stats.Subscriptions == 0) Thread.Sleep(10);
        }
        var signal = MakeSignal(stocks);
        var watch = Stopwatch.StartNew();
        for (var t = 0; t < ticks; t++)
        {
            signal.Tick = t;
            publisher.PublishSignal(signal);
            while (publisher.Stats.Published + publisher.Stats.QueueDrops < t + 1) Thread.SpinWait(10); // the tick ends when the bus took it
        }
        return ticks / watch.Elapsed.TotalSeconds;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
