using System.Diagnostics;
using AlphaHost.Host.Bus;
using NetMQ;
using NetMQ.Sockets;

namespace AlphaHost.Bench;

/// <summary>
/// Signal bus on loopback TCP for a 5,000-stock Signal, side by side in one run: publish → decoded
/// latency (p50/p99, message by message between raw NetMQ's, with what each slow message saw: a GC, the JIT, threads
/// waiting for a CPU), messages/s against raw NetMQ PUB/SUB moving the same bytes (the two take five
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
        var latency = Latency(stocks, size, Math.Min(messages, 1000));
        Console.WriteLine($"raw_latency_us p50 {Percentile(latency.Raw, 50):F0} p99 {Percentile(latency.Raw, 99):F0}   (same bytes, send → received: the transport's floor, message by message between the bus's)");
        Console.WriteLine($"bus_latency_us p50 {Percentile(latency.Bus, 50):F0} p99 {Percentile(latency.Bus, 99):F0}   (Publish() call → subscriber has decoded the Signal, in place from the received frame)");
        Console.WriteLine($"bus_latency_bytes_us p50 {Percentile(latency.BusBytes, 50):F0} p99 {Percentile(latency.BusBytes, 99):F0}   (the same, the subscriber receiving each frame as a new byte[])");
        Console.WriteLine($"bus_received_us p50 {Percentile(latency.Received, 50):F0} p99 {Percentile(latency.Received, 99):F0}  decode_us p50 {Percentile(latency.Decode, 50):F0} p99 {Percentile(latency.Decode, 99):F0}   (of bus_latency: until the payload frame arrived, then its decode)");
        var clean = latency.Bus.Where((_, i) => !latency.Collected[i]).ToList();
        Console.WriteLine($"bus_latency_without_gc_us p50 {Percentile(clean, 50):F0} p99 {Percentile(clean, 99):F0}   ({latency.Collected.Count(c => c)} of {latency.Bus.Count} bus messages saw a gen0 GC; {latency.Gen0} gen0 GCs in all; {latency.Jitted.Count(c => c)} saw the JIT compile; measured after {latency.WarmUpSeconds:F1} s of warm-up)");
        if (latency.BusWaited.Count > 0)
        {
            Console.WriteLine($"cpu_wait_us bus p50 {Percentile(latency.BusWaited, 50):F0} p99 {Percentile(latency.BusWaited, 99):F0}  raw p50 {Percentile(latency.RawWaited, 50):F0} p99 {Percentile(latency.RawWaited, 99):F0}   (per message, summed over this process's threads: time runnable but waiting for a CPU)");
            var slow = Enumerable.Range(0, latency.Bus.Count).Where(i => latency.Bus[i] >= 1000).ToList();
            Console.WriteLine($"bus_over_1ms {slow.Count}   ({slow.Count(i => latency.BusWaited[i] >= 0.5 * latency.Bus[i])} of them spent half their time or more with a thread of this process waiting for a CPU; median wait of those {(slow.Count > 0 ? Percentile(slow.Select(i => latency.BusWaited[i]).ToList(), 50) : 0):F0} µs)");
        }
        var (encode, decode) = Codec(stocks, 1000);
        Console.WriteLine($"codec_us encode p50 {Percentile(encode, 50):F0} p99 {Percentile(encode, 99):F0}  decode p50 {Percentile(decode, 50):F0} p99 {Percentile(decode, 99):F0}");
        var (alone, allocated) = TickRate(stocks, messages, stalled: false);
        var (withStall, _) = TickRate(stocks, messages, stalled: true);
        Console.WriteLine($"ticks_per_s_no_subscriber {alone:F0}   (Publish() allocates {allocated:F0} bytes per signal on the host's thread: the frame's buffer is pooled)");
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

    private sealed record LatencyRun(List<double> Raw, List<double> Bus, List<double> BusBytes, List<double> Received, List<double> Decode, List<bool> Collected, int Gen0, double WarmUpSeconds)
    {
        /// <summary>Per bus sample: whether the JIT compiled (or rejitted) a method meanwhile, on any thread.</summary>
        public List<bool> Jitted { get; } = [];
        /// <summary>Per bus sample: µs this process's threads spent runnable but waiting for a CPU (Linux schedstat; empty elsewhere).</summary>
        public List<double> BusWaited { get; } = [];
        public List<double> RawWaited { get; } = [];
    }

    /// <summary>
    /// Sum over the process's threads of the time they were runnable but not running (the second field of
    /// /proc/self/task/&lt;tid&gt;/schedstat, ns): what a loaded host adds to each hand-off between threads.
    /// The files stay open and are re-read into one buffer, so sampling allocates nothing.
    /// </summary>
    private sealed class RunQueueWait : IDisposable
    {
        private readonly List<Microsoft.Win32.SafeHandles.SafeFileHandle> _files = [];
        private readonly byte[] _buffer = new byte[128];

        public RunQueueWait()
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
                _files.Add(File.OpenHandle(Path.Combine(task, "schedstat")));
        }

        public double Micros()
        {
            long total = 0;
            foreach (var file in _files)
            {
                int read;
                try { read = RandomAccess.Read(file, _buffer, 0); }
                catch (IOException) { continue; } // the thread ended
                var line = _buffer.AsSpan(0, read);
                var first = line.IndexOf((byte)' ');
                var rest = line[(first + 1)..];
                var second = rest.IndexOf((byte)' ');
                System.Buffers.Text.Utf8Parser.TryParse(rest[..second], out long waited, out _);
                total += waited;
            }
            return total / 1000.0;
        }

        public void Dispose() { foreach (var file in _files) file.Dispose(); }
    }

    /// <summary>
    /// One message at a time, raw then bus (frame decoded in place) then bus (frame copied to a byte[]), so a
    /// neighbour's burst of work lands on all three alike. A bus sample is flagged when a gen0 GC ran during it.
    /// </summary>
    private static LatencyRun Latency(int stocks, int size, int messages)
    {
        var payload = new byte[size];
        var topic = "signal.bench"u8.ToArray();
        using var pub = new PublisherSocket();
        pub.Bind(Loopback);
        using var rawSub = Sub(pub.Options.LastEndpoint!);
        using var publisher = new SignalPublisher(new PublisherOptions { Endpoint = Loopback });
        using var sub = Sub(publisher.Endpoint);
        using var bytesPublisher = new SignalPublisher(new PublisherOptions { Endpoint = Loopback });
        using var bytesSub = Sub(bytesPublisher.Endpoint);
        while (publisher.Stats.Subscriptions == 0 || bytesPublisher.Stats.Subscriptions == 0) Thread.Sleep(10);
        Thread.Sleep(300);
        var run = new LatencyRun([], [], [], [], [], [], 0, 0);
        using var wait = File.Exists("/proc/self/schedstat") ? new RunQueueWait() : null; // after the sockets: their threads exist
        var schedstat = wait is not null;
        var frame = new Msg();
        frame.InitEmpty();
        // Warm until the JIT has stopped compiling for a while (tiering rejits hot methods on a background
        // thread, which takes a core from the bus on this host), then measure.
        var warmUp = Stopwatch.StartNew();
        var (jitted, quiet, warm) = (System.Runtime.JitInfo.GetCompiledMethodCount(), 0, false);
        var gen0 = 0;
        for (var measured = 0; measured < messages;)
        {
            if (!warm)
            {
                var now = System.Runtime.JitInfo.GetCompiledMethodCount();
                quiet = now == jitted ? quiet + 1 : 0;
                jitted = now;
                if (quiet >= WarmQuietMessages || warmUp.Elapsed > MaxWarmUp)
                {
                    warm = true;
                    run = run with { WarmUpSeconds = warmUp.Elapsed.TotalSeconds };
                    gen0 = GC.CollectionCount(0);
                }
            }
            if (warm) measured++;
            var waited = schedstat ? wait!.Micros() : 0;
            var start = Stopwatch.GetTimestamp();
            pub.SendMoreFrame(topic).SendFrame(payload);
            rawSub.ReceiveFrameBytes();
            rawSub.ReceiveFrameBytes();
            if (warm) run.Raw.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            if (warm && schedstat) run.RawWaited.Add(wait!.Micros() - waited);

            var signal = MakeSignal(stocks); // the host builds a new signal each tick
            var collections = GC.CollectionCount(0);
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            waited = schedstat ? wait!.Micros() : 0;
            start = Stopwatch.GetTimestamp();
            publisher.PublishSignal(signal);
            sub.Receive(ref frame); // topic
            sub.Receive(ref frame);
            var received = Stopwatch.GetTimestamp();
            BusCodec.TryDecode<Signal>(frame.SliceAsMemory(), out _);
            var decoded = Stopwatch.GetTimestamp();
            if (warm)
            {
                run.Bus.Add(Stopwatch.GetElapsedTime(start, decoded).TotalMicroseconds);
                run.Received.Add(Stopwatch.GetElapsedTime(start, received).TotalMicroseconds);
                run.Decode.Add(Stopwatch.GetElapsedTime(received, decoded).TotalMicroseconds);
                run.Collected.Add(GC.CollectionCount(0) != collections);
                run.Jitted.Add(System.Runtime.JitInfo.GetCompiledMethodCount() != compiled);
                if (schedstat) run.BusWaited.Add(wait!.Micros() - waited);
            }

            signal = MakeSignal(stocks);
            start = Stopwatch.GetTimestamp();
            bytesPublisher.PublishSignal(signal);
            bytesSub.ReceiveFrameBytes();
            BusCodec.TryDecode<Signal>(bytesSub.ReceiveFrameBytes(), out _);
            if (warm) run.BusBytes.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        frame.Close();
        return run with { Gen0 = GC.CollectionCount(0) - gen0 };
    }

    /// <summary>
    /// A loop that builds and publishes one signal per tick, with one never-reading subscriber or none; and the
    /// bytes Publish() allocated per signal on the calling thread (garbage there means GCs that stall every thread).
    /// </summary>
    private static (double TicksPerSecond, double AllocatedPerSignal) TickRate(int stocks, int ticks, bool stalled)
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
        long allocated = 0;
        var watch = Stopwatch.StartNew();
        for (var t = 0; t < ticks; t++)
        {
            signal.Tick = t;
            var before = GC.GetAllocatedBytesForCurrentThread();
            publisher.PublishSignal(signal);
            if (t > 0) allocated += GC.GetAllocatedBytesForCurrentThread() - before; // the first sizes the encode buffer once
            while (publisher.Stats.Published + publisher.Stats.QueueDrops < t + 1) Thread.SpinWait(10); // the tick ends when the bus took it
        }
        return (ticks / watch.Elapsed.TotalSeconds, (double)allocated / Math.Max(1, ticks - 1));
    }

    private const int WarmQuietMessages = 500;
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(20);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
