using System.Diagnostics;
using AlphaHost.Host.Engine;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;
using Microsoft.Extensions.Logging;

namespace AlphaHost.Bench;

/// <summary>
/// Host overheads: engine cost per tick with eight no-op systems, time from a plugin landing in a
/// watched directory to its new version answering calls (compiled folder and .cs source), and
/// memory over 100 hot swaps. Args: [ticks] (default 2,000,000).
/// </summary>
public sealed class HostBench : IBench
{
    public string Name => "host";
    public string Description => "engine µs/tick (no-op systems), plugin landing → active latency, memory over 100 swaps";

    public void Run(string[] args)
    {
        var ticks = args.Length > 0 ? long.Parse(args[0]) : 2_000_000;
        TickOverhead(ticks);
        SwapLatency().GetAwaiter().GetResult();
        SwapMemory().GetAwaiter().GetResult();
    }

    private sealed record Part(long Value);

    private sealed class NoOp<TTag>(SystemStage stage) : GameSystem<TTag> where TTag : class, new()
    {
        public override SystemStage Stage => stage;
        protected override TTag Initial { get; } = new();
        protected override TTag Update(TickContext tick, TTag mine) => mine;
    }

    private sealed class S0; private sealed class S1; private sealed class S2; private sealed class S3;
    private sealed class S4; private sealed class S5; private sealed class S6; private sealed class S7;

    private static void TickOverhead(long ticks)
    {
        ISystem[] systems =
        [
            new NoOp<S0>(SystemStage.Market), new NoOp<S1>(SystemStage.Features), new NoOp<S2>(SystemStage.Training),
            new NoOp<S3>(SystemStage.Scoring), new NoOp<S4>(SystemStage.Publishing), new NoOp<S5>(SystemStage.Portfolio),
            new NoOp<S6>(SystemStage.Evaluation), new NoOp<S7>(SystemStage.Panel),
        ];
        using var engine = new TickEngine(systems, new EngineOptions());
        engine.Run(maxTicks: Math.Min(ticks / 10, 200_000)); // warm up the JIT (tiered compilation)
        var best = double.MaxValue;
        for (var rep = 0; rep < 5; rep++)
        {
            var gcBefore = GC.CollectionCount(0);
            var watch = Stopwatch.StartNew();
            engine.Run(maxTicks: ticks);
            var us = watch.Elapsed.TotalMicroseconds / ticks;
            best = Math.Min(best, us);
            Console.WriteLine($"engine_us_per_tick_run{rep} {us:F4}   ({ticks} ticks, 8 no-op systems, gen0 GCs {GC.CollectionCount(0) - gcBefore})");
        }
        Console.WriteLine($"engine_us_per_tick_best {best:F4}   target < 5");
    }

    private const string SamplerSource = """
        namespace Bench;
        public sealed class VersionedSampler : ISampler
        {
            public PluginInfo Info => new("versioned", "VERSION", PluginFamily.Sampler, "bench", []);
            public IReadOnlyList<SampleSplit> Split(SamplerRequest request) =>
                [new SampleSplit(new DayWindow(0, 1), new DayWindow(0, 0), new DayWindow(request.Today, MAJOR))];
        }
        """;

    private static string WriteSource(string dir, int major)
    {
        var path = Path.Combine(dir, $"VersionedSampler{major}.cs");
        File.WriteAllText(path, SamplerSource.Replace("VERSION", $"{major}.0.0").Replace("MAJOR", major.ToString()));
        return path;
    }

    /// <summary>A compiled plugin folder (dll + plugin.json) for version <paramref name="major"/>.</summary>
    private static string BuildFolder(string staging, int major)
    {
        var folder = Directory.CreateDirectory(Path.Combine(staging, $"v{major}")).FullName;
        var compiled = SourcePluginCompiler.Compile(WriteSource(staging, major), "VersionedSampler");
        if (!compiled.Succeeded) throw new InvalidOperationException(string.Join("\n", compiled.Errors));
        File.WriteAllBytes(Path.Combine(folder, "VersionedSampler.dll"), compiled.Image!);
        File.WriteAllText(Path.Combine(folder, "plugin.json"),
            $$"""{ "name": "versioned", "version": "{{major}}.0.0", "family": "Sampler", "assembly": "VersionedSampler.dll" }""");
        return folder;
    }

    private sealed record Seen(int Major);

    private sealed class Caller(PluginHandle<ISampler> sampler) : GameSystem<Seen>
    {
        private static readonly SamplerRequest Request = new([new DateOnly(2024, 1, 1)], 0, 1);
        public override SystemStage Stage => SystemStage.Training;
        protected override Seen Initial => new(0);
        protected override Seen Update(TickContext tick, Seen mine) =>
            new(sampler.Call(s => s.Split(Request)[0].Test.Count, mine.Major));
    }

    private static async Task SwapLatency()
    {
        var root = Directory.CreateTempSubdirectory("alphahost-bench-").FullName;
        try
        {
            var plugins = Directory.CreateDirectory(Path.Combine(root, "plugins")).FullName;
            var staging = Directory.CreateDirectory(Path.Combine(root, "staging")).FullName;
            var folders = Enumerable.Range(1, 6).Select(v => BuildFolder(staging, v)).ToArray();
            CopyFolder(folders[0], Path.Combine(plugins, "versioned"));

            TickEngine? engine = null;
            using var host = new PluginHost(plugins, ErrorsToConsole.Instance, a => engine!.Control.AtBoundary(a));
            var caller = new Caller(host.Registry.Handle<ISampler>("versioned"));
            using var running = engine = new TickEngine([caller], new EngineOptions { TicksPerSecond = 1000 });
            engine.Start();
            await host.LoadAllAsync();
            host.Watch(TimeSpan.FromMilliseconds(150));

            for (var v = 2; v <= 6; v++)
            {
                var watch = Stopwatch.StartNew();
                CopyFolder(folders[v - 1], Path.Combine(plugins, "versioned"));
                await WaitFor(() => engine.Latest.Get<Seen>().Major == v);
                Console.WriteLine($"swap_folder_landing_to_active_ms {watch.Elapsed.TotalMilliseconds:F0}   (v{v}, includes 150 ms debounce; target < 1000)");
            }
            File.Delete(Path.Combine(plugins, "versioned", "plugin.json")); // retire the folder version
            Directory.Delete(Path.Combine(plugins, "versioned"), true);
            await WaitFor(() => !host.Registry.Handle<ISampler>("versioned").IsAvailable);
            for (var v = 7; v <= 9; v++)
            {
                var source = WriteSource(staging, v);
                var watch = Stopwatch.StartNew();
                File.Copy(source, Path.Combine(plugins, "Versioned.cs"), overwrite: true);
                await WaitFor(() => engine.Latest.Get<Seen>().Major == v);
                Console.WriteLine($"swap_source_landing_to_active_ms {watch.Elapsed.TotalMilliseconds:F0}   (v{v}, Roslyn compile + 150 ms debounce)");
            }
            engine.Control.Stop();
            await engine.WaitAsync();
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    private static async Task SwapMemory()
    {
        var root = Directory.CreateTempSubdirectory("alphahost-bench-").FullName;
        try
        {
            var plugins = Directory.CreateDirectory(Path.Combine(root, "plugins")).FullName;
            var staging = Directory.CreateDirectory(Path.Combine(root, "staging")).FullName;
            var folders = new[] { BuildFolder(staging, 1), BuildFolder(staging, 2) };
            var target = Path.Combine(plugins, "versioned");
            CopyFolder(folders[0], target);
            using var host = new PluginHost(plugins, ErrorsToConsole.Instance);
            await host.LoadAllAsync();
            var collected = 0;
            var watch = Stopwatch.StartNew();
            for (var swap = 1; swap <= 100; swap++)
            {
                CopyFolder(folders[swap % 2], target);
                var outcome = await host.ReloadAsync(target);
                if (outcome.OldVersionCollected == true) collected++;
                if (swap is 1 or 10 or 50 or 100)
                {
                    var heap = GC.GetTotalMemory(forceFullCollection: true);
                    using var self = Process.GetCurrentProcess();
                    Console.WriteLine($"swaps {swap,3}: managed_heap_kb {heap / 1024,7}  working_set_kb {self.WorkingSet64 / 1024,8}  old_versions_collected {collected}");
                }
            }
            Console.WriteLine($"swap_reload_ms_mean {watch.Elapsed.TotalMilliseconds / 100:F1}   (load + validate + swap + unload proof, no debounce)");
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)), overwrite: true);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("plugin never became active");
            await Task.Delay(1);
        }
    }
}

/// <summary>Warnings and errors to stderr, so a failed swap in a benchmark is visible.</summary>
internal sealed class ErrorsToConsole : ILogger
{
    public static readonly ErrorsToConsole Instance = new();
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel level) => level >= LogLevel.Warning;
    public void Log<TState>(LogLevel level, EventId id, TState state, Exception? e, Func<TState, Exception?, string> format)
    {
        if (IsEnabled(level)) Console.Error.WriteLine($"{level}: {format(state, e)}");
    }
}
