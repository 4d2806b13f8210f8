using System.Diagnostics;
using System.Text;
using AlphaHost.Host.Bus;
using AlphaHost.Sdk.Protocol;
using AlphaHost.Sdk.Zmq;
using Google.Protobuf;

namespace AlphaHost.Bench;

/// <summary>
/// Signal bus speed on loopback TCP for a 5,000-stock Signal: the bus's messages/s and publish→receipt
/// latency (p50/p99), next to raw libzmq moving the same bytes in the same run (PUSH/PULL like
/// libzmq's local_thr/remote_thr, and bare PUB/SUB), and tick throughput with a stalled subscriber.
/// Args: [messages] [stocks]  (defaults 2000 5000).
/// </summary>
public sealed class BusBench : IBench
{
    public string Name => "bus";
    public string Description => "signal bus: msgs/s and p50/p99 latency of a 5,000-stock Signal vs raw libzmq";

    private const string Loopback = "tcp://127.0.0.1:*";

    public void Run(string[] args)
    {
        var messages = args.Length > 0 ? int.Parse(args[0]) : 2000;
        var stocks = args.Length > 1 ? int.Parse(args[1]) : 5000;
        var signal = MakeSignal(stocks);
        var size = signal.ToByteArray().Length + 16; // + header once stamped
        Console.WriteLine($"libzmq {ZmqContext.LibraryVersion}, {Environment.ProcessorCount} cores, signal of {stocks} stocks ≈ {size} bytes, {messages} messages");

        using var context = new ZmqContext();
        var payload = new byte[size];
        Report("raw_push_pull_msgs_per_s", RawThroughput(context, ZmqSocketType.Push, ZmqSocketType.Pull, payload, messages));
        Report("raw_pub_sub_msgs_per_s", RawThroughput(context, ZmqSocketType.Pub, ZmqSocketType.Sub, payload, messages));
        Report("bus_msgs_per_s", BusThroughput(context, signal, messages, parse: false));
        Report("bus_msgs_per_s_parsed", BusThroughput(context, signal, messages, parse: true));

        var raw = RawLatency(context, payload, Math.Min(messages, 1000));
        Console.WriteLine($"raw_latency_us p50 {Percentile(raw, 50):F1} p99 {Percentile(raw, 99):F1}");
        var bus = BusLatency(context, signal, Math.Min(messages, 1000));
        Console.WriteLine($"bus_latency_us p50 {Percentile(bus, 50):F1} p99 {Percentile(bus, 99):F1}   (Publish() call → subscriber has parsed the Signal)");

        var (serializeUs, parseUs) = CodecCost(signal);
        Console.WriteLine($"protobuf_us p50 serialize {serializeUs:F1} parse {parseUs:F1}");

        var (alone, stalled, overflows, lost) = TickThroughputWithStalledSubscriber(context, signal, messages);
        Console.WriteLine($"ticks_per_s_no_subscriber {alone:F0}");
        Console.WriteLine($"ticks_per_s_with_stalled_subscriber {stalled:F0}   (overflows counted by the host {overflows}; messages the stalled subscriber lost {lost})");
    }

    private static void Report(string key, double value) => Console.WriteLine($"{key} {value:F0}");

    private static Signal MakeSignal(int stocks)
    {
        var random = new Random(7);
        var signal = new Signal { Model = "bench", PluginVersion = "1.0.0", TradingDate = "2024-01-31" };
        for (var i = 0; i < stocks; i++)
        {
            signal.Codes.Add($"{600000 + i:D6}.{(i % 2 == 0 ? "SH" : "SZ")}");
            signal.Scores.Add((float)random.NextDouble());
        }
        return signal;
    }

    // local_thr/remote_thr style: the receiver times from the first message to the last.
    private static double RawThroughput(ZmqContext context, ZmqSocketType senderType, ZmqSocketType receiverType, byte[] payload, int messages)
    {
        using var receiver = context.CreateSocket(receiverType);
        receiver.ReceiveHighWaterMark = 0; // unlimited: measure the engine, not drops
        receiver.ReceiveTimeout = 10_000;
        if (receiverType == ZmqSocketType.Sub) receiver.Subscribe("");
        receiver.Bind(Loopback);
        using var sender = context.CreateSocket(senderType);
        sender.SendHighWaterMark = 0;
        sender.Connect(receiver.LastEndpoint);
        // PUB drops everything until the subscription has arrived: probe with 1-byte messages first.
        receiver.ReceiveTimeout = 10;
        for (var i = 0; i < 1000 && receiver.Receive(out _) is null; i++) sender.Send([0]);
        receiver.ReceiveTimeout = 10_000;

        var sending = new Thread(() => { for (var i = 0; i < messages; i++) sender.Send(payload); });
        sending.Start();
        while (receiver.Receive(out _) is { Length: 1 }) { } // left-over probes, then the first payload
        var clock = Stopwatch.StartNew();
        for (var i = 1; i < messages; i++)
            if (receiver.Receive(out _) is null) throw new InvalidOperationException($"raw {senderType}: only {i} of {messages} arrived");
        var elapsed = clock.Elapsed.TotalSeconds;
        sending.Join();
        return (messages - 1) / elapsed;
    }

    private static double BusThroughput(ZmqContext context, Signal signal, int messages, bool parse)
    {
        var options = new PublisherOptions { Endpoint = Loopback, SubscriberHighWaterMark = messages + 100, QueueCapacity = messages + 100 };
        using var publisher = new SignalPublisher(context, options);
        using var sub = Subscriber(context, publisher.Endpoint, messages);
        WaitForSubscription(publisher);

        var sending = new Thread(() => { for (var i = 0; i < messages; i++) publisher.PublishSignal(signal); });
        var clock = Stopwatch.StartNew();
        sending.Start();
        for (var i = 0; i < messages; i++)
        {
            var frames = sub.ReceiveMultipart() ?? throw new InvalidOperationException($"bus: only {i} of {messages} arrived");
            if (parse) Signal.Parser.ParseFrom(frames[1]);
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        sending.Join();
        if (publisher.Stats is { SubscriberOverflows: not 0 } or { QueueDrops: not 0 })
            throw new InvalidOperationException($"bus throughput run dropped messages: {publisher.Stats}");
        return messages / elapsed;
    }

    private static double[] RawLatency(ZmqContext context, byte[] payload, int samples)
    {
        using var pull = context.CreateSocket(ZmqSocketType.Pull);
        pull.ReceiveTimeout = 10_000;
        pull.Bind(Loopback);
        using var push = context.CreateSocket(ZmqSocketType.Push);
        push.Connect(pull.LastEndpoint);
        return Measure(samples, () =>
        {
            push.Send(payload);
            pull.Receive(out _);
        });
    }

    private static double[] BusLatency(ZmqContext context, Signal signal, int samples)
    {
        using var publisher = new SignalPublisher(context, new PublisherOptions { Endpoint = Loopback });
        using var sub = Subscriber(context, publisher.Endpoint, 1000);
        WaitForSubscription(publisher);
        return Measure(samples, () =>
        {
            publisher.PublishSignal(signal);
            Signal.Parser.ParseFrom(sub.ReceiveMultipart()![1]);
        });
    }

    /// <summary>One message in flight at a time; microseconds per round, after a warm-up.</summary>
    private static double[] Measure(int samples, Action once)
    {
        for (var i = 0; i < 100; i++) once();
        var result = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            once();
            result[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return result;
    }

    // Ticks that only publish (the engine's share of the bus), with nobody listening vs a subscriber that never reads.
    private static (double Alone, double Stalled, long Overflows, long Lost) TickThroughputWithStalledSubscriber(ZmqContext context, Signal signal, int ticks)
    {
        double Run(bool withStalled, out long overflows, out long lost)
        {
            var options = new PublisherOptions { Endpoint = Loopback, SubscriberHighWaterMark = 100 };
            using var publisher = new SignalPublisher(context, options);
            using var stalled = withStalled ? Subscriber(context, publisher.Endpoint, 100) : null;
            if (withStalled) WaitForSubscription(publisher);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < ticks; i++) publisher.PublishSignal(signal); // never waits: a full hand-off queue is a counted drop
            var elapsed = clock.Elapsed.TotalSeconds;
            while (publisher.Stats.Published + publisher.Stats.QueueDrops < ticks) Thread.Sleep(1);
            overflows = publisher.Stats.SubscriberOverflows;
            lost = 0;
            if (stalled is not null)
            {
                // The subscriber wakes up: what it lost is what never arrives.
                stalled.ReceiveTimeout = 500;
                var received = 0;
                while (stalled.ReceiveMultipart() is not null) received++;
                lost = ticks - received;
            }
            return ticks / elapsed;
        }
        var alone = Run(false, out _, out _);
        var stalled = Run(true, out var overflows, out var lost);
        return (alone, stalled, overflows, lost);
    }

    private static (double SerializeUs, double ParseUs) CodecCost(Signal signal)
    {
        var bytes = signal.ToByteArray();
        var serialize = Measure(500, () => signal.ToByteArray());
        var parse = Measure(500, () => Signal.Parser.ParseFrom(bytes));
        return (Percentile(serialize, 50), Percentile(parse, 50));
    }

    private static ZmqSocket Subscriber(ZmqContext context, string endpoint, int highWaterMark)
    {
        var sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.ReceiveHighWaterMark = highWaterMark + 100;
        sub.ReceiveTimeout = 10_000;
        sub.Subscribe(Topics.SignalPrefix);
        sub.Connect(endpoint);
        return sub;
    }

    private static void WaitForSubscription(SignalPublisher publisher)
    {
        for (var i = 0; i < 1000 && publisher.Stats.Subscriptions == 0; i++) Thread.Sleep(5);
        if (publisher.Stats.Subscriptions == 0) throw new InvalidOperationException("no subscription arrived");
    }

    private static double Percentile(double[] values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1; // nearest-rank
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
