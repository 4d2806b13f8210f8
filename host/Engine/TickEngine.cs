using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlphaHost.Host.Engine;

/// <summary>
/// The game loop: each tick runs every system once, in stage order, each reading the previous
/// tick's immutable <see cref="Snapshot"/> and returning its own part of the next one. Between
/// ticks the loop applies queued commands (<see cref="Control"/>): pause, step, speed, hot swaps.
/// <code>
/// var engine = new TickEngine([new MarketSystem(..), new ScoringSystem(..)], new EngineOptions { Seed = 7 }, logger);
/// engine.Run(maxTicks: 250);           // on this thread; or Start() for a loop thread
/// var part = engine.Latest.Get&lt;ScoresPart&gt;();
/// </code>
/// </summary>
public sealed class TickEngine : IDisposable
{
    private readonly ISystem[] _systems;
    private readonly Random[] _randoms;
    private readonly SystemIndex _index;
    private readonly ILogger _log;
    private readonly bool _liveWorkers;
    private readonly ConcurrentQueue<Action<TickEngine>> _commands = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _workers = new();
    private readonly List<Task> _workerTasks = []; // started by StartWork; joined by Dispose
    private Snapshot _latest;
    private volatile bool _paused;
    private volatile bool _stopRequested;
    private int _stepsPending;
    private double _pace; // ticks per second; 0 = as fast as possible
    private Task<long>? _loop;

    public TickEngine(IEnumerable<ISystem> systems, EngineOptions options, ILogger? log = null)
    {
        // Stable sort: stage order, then the order systems were given.
        _systems = systems.Select((s, i) => (s, i)).OrderBy(x => x.s.Stage).ThenBy(x => x.i).Select(x => x.s).ToArray();
        _index = new SystemIndex(_systems);
        _randoms = _systems.Select(s => new Random(Seeds.Derive(options.Seed, s.Name))).ToArray();
        _log = log ?? NullLogger.Instance;
        _liveWorkers = options.LiveWorkers;
        _paused = options.StartPaused;
        if (options.TicksPerSecond is <= 0 or double.NaN or double.PositiveInfinity)
            throw new ArgumentOutOfRangeException(nameof(options), options.TicksPerSecond, "TicksPerSecond: expected a positive finite number, or null for as fast as possible");
        _pace = options.TicksPerSecond ?? 0;
        _latest = new Snapshot(0, _systems.Select(s => s.InitialPart).ToArray(), new long[_systems.Length], _index);
        Control = new EngineControl(this);
    }

    /// <summary>The state after the last completed tick; safe to read from any thread.</summary>
    public Snapshot Latest => Volatile.Read(ref _latest);

    public EngineControl Control { get; }

    /// <summary>The systems in the order they run.</summary>
    public IReadOnlyList<ISystem> Systems => _systems;

    internal bool Paused => _paused;
    internal double? Pace => Volatile.Read(ref _pace) is var p && p > 0 ? p : null;

    /// <summary>
    /// Runs the loop on the calling thread until <paramref name="maxTicks"/> ticks have run, Stop is
    /// commanded or <paramref name="cancel"/> fires; honours pause, steps and pace. Returns ticks run.
    /// </summary>
    public long Run(long? maxTicks = null, CancellationToken cancel = default)
    {
        long ran = 0;
        var clock = Stopwatch.StartNew();
        var nextDue = TimeSpan.Zero;
        _stopRequested = false;
        while (!cancel.IsCancellationRequested && (maxTicks is null || ran < maxTicks))
        {
            if (!_commands.IsEmpty) DrainCommands();
            if (_stopRequested) break;
            if (_paused && _stepsPending == 0)
            {
                Sleep(Timeout.InfiniteTimeSpan, cancel);
                nextDue = clock.Elapsed;
                continue;
            }
            if (_pace > 0 && _stepsPending == 0)
            {
                var wait = nextDue - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    Sleep(wait, cancel);
                    continue; // re-check commands: a pause or speed change may have arrived
                }
                var period = TimeSpan.FromSeconds(1 / _pace);
                // Fall behind by more than a tick (a GC, a slow tick) and we resync instead of bursting.
                nextDue = clock.Elapsed - nextDue > period ? clock.Elapsed + period : nextDue + period;
            }
            Tick();
            ran++;
            if (_stepsPending > 0) _stepsPending--;
        }
        if (!_commands.IsEmpty) DrainCommands();
        return ran;
    }

    /// <summary>Runs the loop on its own thread; <see cref="WaitAsync"/> or Stop end it.</summary>
    public void Start(long? maxTicks = null, CancellationToken cancel = default)
    {
        if (_loop is { IsCompleted: false }) throw new InvalidOperationException("engine already running");
        _loop = Task.Factory.StartNew(() => Run(maxTicks, cancel), cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Ticks run by the loop thread once it ends.</summary>
    public Task<long> WaitAsync() => _loop ?? Task.FromResult(0L);

    /// <summary>Runs one tick now, on the calling thread (benchmarks, tests); prefer Run or Start.</summary>
    public void Tick()
    {
        var previous = _latest;
        var tick = previous.Tick + 1;
        var now = new object[_systems.Length];
        var madeAt = new long[_systems.Length];
        for (var i = 0; i < _systems.Length; i++)
        {
            var context = new TickContext(this, tick, previous, now, madeAt, _index, i, _randoms[i]);
            try
            {
                now[i] = _systems[i].Update(context) ?? throw new InvalidOperationException("returned a null part");
                madeAt[i] = tick;
            }
            catch (Exception e)
            {
                // A faulty system keeps its last part, stamped with the tick that made it (consumers see it is stale); the loop goes on.
                now[i] = previous[i];
                madeAt[i] = previous.MadeAt(i);
                _log.LogError(e, "tick {Tick}: system {System} failed; its part stays as of tick {Previous}", tick, _systems[i].Name, madeAt[i]);
            }
        }
        Volatile.Write(ref _latest, new Snapshot(tick, now, madeAt, _index));
    }

    internal void Post(Action<TickEngine> command)
    {
        _commands.Enqueue(command);
        _wake.Release();
    }

    internal void SetPaused(bool paused)
    {
        _paused = paused;
        if (!paused) _stepsPending = 0;
    }

    internal void AddSteps(int ticks)
    {
        _paused = true;
        _stepsPending += ticks;
    }

    internal void SetPace(double? ticksPerSecond) => Volatile.Write(ref _pace, ticksPerSecond ?? 0);

    internal void RequestStop() => _stopRequested = true;

    internal WorkerJob<T> StartWork<T>(Func<CancellationToken, T> work, long tick, int adoptAfterTicks, bool? live = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(adoptAfterTicks, 1);
        var token = _workers.Token;
        var task = Task.Factory.StartNew(() => work(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        lock (_workerTasks)
        {
            _workerTasks.RemoveAll(t => t.IsCompleted);
            _workerTasks.Add(task);
        }
        return new WorkerJob<T>(task, tick, tick + adoptAfterTicks, live ?? _liveWorkers);
    }

    private void DrainCommands()
    {
        while (_commands.TryDequeue(out var command))
        {
            try
            {
                command(this);
            }
            catch (Exception e)
            {
                _log.LogError(e, "between ticks {Tick} and {Next}: a queued command failed", _latest.Tick, _latest.Tick + 1);
            }
        }
    }

    private void Sleep(TimeSpan timeout, CancellationToken cancel)
    {
        try
        {
            _wake.Wait(timeout, cancel);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Stops the loop, cancels the workers' token and waits for every worker still running, so
    /// nothing the owner disposes next (the research panel, tensors) is read by a worker.
    /// </summary>
    public void Dispose()
    {
        Control.Stop();
        _loop?.Wait();
        JoinWorkers();
        _workers.Dispose();
        _wake.Dispose();
    }

    /// <summary>How long Dispose waits for workers before it says it is still waiting.</summary>
    private static readonly TimeSpan WorkerJoinNotice = TimeSpan.FromSeconds(5);

    private void JoinWorkers()
    {
        Task[] running;
        lock (_workerTasks) running = _workerTasks.Where(t => !t.IsCompleted).ToArray();
        _workers.Cancel();
        if (running.Length == 0) return;
        var all = Task.WhenAll(running);
        try
        {
            if (!all.Wait(WorkerJoinNotice))
            {
                _log.LogWarning("shutdown: waiting for {Count} worker(s) to honour cancellation", running.Count(t => !t.IsCompleted));
                all.Wait();
            }
        }
        catch (AggregateException)
        {
            // Cancelled or failed workers: inspected one by one below.
        }
        foreach (var task in running)
        {
            if (task.Exception?.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) is { } failure)
                _log.LogError(failure, "shutdown: a worker failed while the engine stopped");
        }
    }
}

/// <summary>Stable per-name seeds: adding a system never changes another system's random stream.</summary>
public static class Seeds
{
    public static int Derive(int seed, string name)
    {
        // FNV-1a over the name (string.GetHashCode is randomised per process), mixed with the seed.
        var h = 2166136261u;
        foreach (var c in name)
        {
            h ^= c;
            h *= 16777619u;
        }
        var x = (ulong)(uint)seed << 32 | h;
        x += 0x9E3779B97F4A7C15ul;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ul;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBul;
        return (int)((x ^ (x >> 31)) & 0x7FFFFFFF);
    }
}
