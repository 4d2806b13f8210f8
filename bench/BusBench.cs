using System.Diagnostics;
using AlphaHost.Host.Bus;
using NetMQ;
using NetMQ.Sockets;

namespace AlphaHost.Bench;

/// <summary>
/// Signal bus on loopback TCP for a 5,000-stock Signal, side by side in one run: publish → decoded
/// latency (p50/p99), messages/s against raw NetMQ PUB/SUB moving the same bytes (the two take five
/// turns; the ratio is the median of the turns' ratios), and a publishing
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

        // Raw and bus take turns, so a neighbour's burst of work lands on both sides alike.
        using (var raw = new RawPair(size))
        using (var bus = new BusPair(stocks, messages))
        {
            raw.Round(Math.Min(messages, 1000)); // untimed: the first rounds run partly in tier-0 JIT code
            bus.Round(Math.Min(messages, 1000));
            List<double> rawRates = [], busRates = [], ratios = [], rawCpu = [], busCpu = [];
            for (var turn = 0; turn < Turns; turn++)
            {
                var (r, rc) = Timed(messages, raw.Round);
                var (b, bc) = Timed(messages, bus.Round);
                rawRates.Add(r); busRates.Add(b); ratios.Add(b / r); rawCpu.Add(rc); busCpu.Add(bc);
            }
            Console.WriteLine($"raw_netmq_pub_sub_msgs_per_s {Percentile(rawRates, 50):F0}   (median of {Turns} turns; cpu_us_per_msg {Percentile(rawCpu, 50):F0})");
            Console.WriteLine($"bus_msgs_per_s {Percentile(busRates, 50):F0}   ({Percentile(ratios, 50):P0} of raw, median of the turns' ratios {string.Join(" ", ratios.Select(x => x.ToString("P0")))}; cpu_us_per_msg {Percentile(busCpu, 50):F0}; publish + encode + send + receive + decode)");
        }
        var rawLatency = RawLatency(new byte[size], Math.Min(messages, 1000));
        Console.WriteLine($"raw_latency_us p50 {Percentile(rawLatency, 50):F0} p99 {Percentile(rawLatency, 99):F0}   (same bytes, send → received: the transport's floor)");
        var gcBefore = GC.CollectionCount(0);
        var latency = BusLatency(stocks, Math.Min(messages, 1000));
        Console.WriteLine($"bus_latency_us p50 {Percentile(latency, 50):F0} p99 {Percentile(latency, 99):F0}   (Publish() call → subscriber has decoded the Signal; {GC.CollectionCount(0) - gcBefore} gen0 GCs)");
        var (encode, decode) = Codec(stocks, 1000);
        Console.WriteLine($"codec_us encode p50 {Percentile(encode, 50):F0} p99 {Percentile(encode, 99):F0}  decode p50 {Percentile(decode, 50):F0} p99 {Percentile(decode, 99):F0}");
        var alone = TickRate(stocks, messages, stalled: false);
        var withStall = TickRate(stocks, messages, stalled: true);
        Console.WriteLine($"ticks_per_s_no_subscriber {alone:F0}");
        Console.WriteLine($"ticks_per_s_with_stalled_subscriber {withStall:F0}");
    }

    private static string[] _universe = [];

    // Like the host, every signal lists the panel's own code strings.
    private static Signal MakeSignal(int stocks)
    {
        if (_universe.Length != stocks) _universe = Enumerable.Range(0, stocks).Select(i => $"{600000 + i:D6}.{(i % 2 == 0 ? "SH" : "SZ")}").ToArray();
        var random = new Random(7);
        return new Signal
        {
            Model = "bench", PluginVersion = "v1", TradingDate = "2024-01-31",
            Codes = [.. _universe],
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

    private const int Turns = 5;

    /// <summary>Messages per second of one round, and the process's CPU µs per message (all threads: GC, NetMQ I/O).</summary>
    private static (double Rate, double CpuMicros) Timed(int messages, Action<int> round)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        round(messages);
        var elapsed = watch.Elapsed;
        process.Refresh();
        return (messages / elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalMicroseconds / messages);
    }

    private sealed class RawPair : IDisposable
    {
        private readonly PublisherSocket _pub = new();
        private readonly SubscriberSocket _sub;
        private readonly byte[] _payload;
        private readonly byte[] _topic = "signal.bench"u8.ToArray();

        public RawPair(int size)
        {
            _payload = new byte[size];
            _pub.Options.SendHighWatermark = 0;
            _pub.Bind(Loopback);
            _sub = Sub(_pub.Options.LastEndpoint!);
            Thread.Sleep(300);
        }

        public void Round(int n)
        {
            var reader = Task.Run(() => { for (var i = 0; i < n; i++) { _sub.ReceiveFrameBytes(); _sub.ReceiveFrameBytes(); } });
            for (var i = 0; i < n; i++) _pub.SendMoreFrame(_topic).SendFrame(_payload);
            reader.Wait();
        }

        public void Dispose()
        {
            _sub.Dispose();
            _pub.Dispose();
        }
    }

    private sealed class BusPair : IDisposable
    {
        private readonly SignalPublisher _publisher;
        private readonly SubscriberSocket _sub;
        private readonly Signal _signal;

        public BusPair(int stocks, int messages)
        {
            _publisher = new SignalPublisher(new PublisherOptions { Endpoint = Loopback, QueueCapacity = messages, SubscriberHighWaterMark = messages });
            _sub = Sub(_publisher.Endpoint);
            while (_publisher.Stats.Subscriptions == 0) Thread.Sleep(10);
            // One signal, a new tick each time, as the host does (and as raw resends one payload): holding
            // thousands of signals alive would measure the GC copying them, not the bus.
            _signal = MakeSignal(stocks);
        }

        public void Round(int n)
        {
            var reader = Task.Run(() => { for (var i = 0; i < n; i++) { _sub.ReceiveFrameBytes(); BusCodec.TryDecode<Signal>(_sub.ReceiveFrameBytes(), out _); } });
            for (var t = 0; t < n; t++)
            {
                _signal.Tick++;
                _publisher.PublishSignal(_signal);
            }
            reader.Wait();
        }

        public void Dispose()
        {
            _sub.Dispose();
            _publisher.Dispose();
        }
    }

    private static List<double> RawLatency(byte[] payload, int messages)
    {
        using var pub = new PublisherSocket();
        pub.Bind(Loopback);
        using var sub = Sub(pub.Options.LastEndpoint!);
        Thread.Sleep(300);
        var topic = "signal.bench"u8.ToArray();
        var latencies = new List<double>();
        for (var i = 0; i < messages + 50; i++)
        {
            var start = Stopwatch.GetTimestamp();
            pub.SendMoreFrame(topic).SendFrame(payload);
            sub.ReceiveFrameBytes();
            sub.ReceiveFrameBytes();
            if (i >= 50) latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        return latencies;
    }

    /// <summary>Encode and decode alone, each on one thread, as the publisher and a subscriber do them.</summary>
    private static (List<double> Encode, List<double> Decode) Codec(int stocks, int messages)
    {
        var signal = MakeSignal(stocks);
        var bytes = BusCodec.Encode(signal);
        List<double> encode = [], decode = [];
        for (var i = 0; i < messages + 50; i++)
        {
            signal.Tick = i;
            var start = Stopwatch.GetTimestamp();
            BusCodec.Encode(signal);
            var middle = Stopwatch.GetTimestamp();
            BusCodec.TryDecode<Signal>(bytes, out _);
            if (i < 50) continue;
            encode.Add(Stopwatch.GetElapsedTime(start, middle).TotalMicroseconds);
            decode.Add(Stopwatch.GetElapsedTime(middle).TotalMicroseconds);
        }
        return (encode, decode);
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
