namespace AlphaHost.Host.Engine;

/// <summary>What a system sees during one tick.</summary>
public readonly struct TickContext
{
    private readonly object[] _now;
    private readonly long[] _madeAt;
    private readonly SystemIndex _index;
    private readonly int _slot;
    private readonly TickEngine _engine;

    internal TickContext(TickEngine engine, long tick, Snapshot previous, object[] now, long[] madeAt, SystemIndex index, int slot, Random random)
    {
        _engine = engine;
        Tick = tick;
        Previous = previous;
        _now = now;
        _madeAt = madeAt;
        _index = index;
        _slot = slot;
        Random = random;
    }

    /// <summary>The tick being computed, 1 for the first.</summary>
    public long Tick { get; }

    /// <summary>The whole state at the end of the previous tick.</summary>
    public Snapshot Previous { get; }

    /// <summary>This system's own random stream, seeded from the run seed and the system's name.</summary>
    public Random Random { get; }

    /// <summary>The calling system's own part as of the previous tick (no lookup).</summary>
    internal object PreviousOfCaller => Previous[_slot];

    /// <summary>
    /// A part written this tick by a system that ran earlier (e.g. scoring reads today's features).
    /// Throws if its writer runs at or after the caller, which would depend on registration luck.
    /// </summary>
    public TPart Now<TPart>() where TPart : class => (TPart)_now[EarlierSlot<TPart>()];

    /// <summary>
    /// The tick that made the part <see cref="Now{TPart}"/> returns: this tick, or an earlier one when
    /// its system failed this tick and its old part stands in (0: never made, the initial part).
    /// </summary>
    public long TickOf<TPart>() where TPart : class => _madeAt[EarlierSlot<TPart>()];

    /// <summary>
    /// False when the system writing <typeparamref name="TPart"/> failed this tick, so <see cref="Now{TPart}"/>
    /// returns an older part (a failed market read must not pass yesterday's bar off as today's).
    /// </summary>
    public bool IsFresh<TPart>() where TPart : class => TickOf<TPart>() == Tick;

    private int EarlierSlot<TPart>()
    {
        var slot = _index.SlotOf(typeof(TPart));
        if (slot >= _slot)
            throw new InvalidOperationException($"part {typeof(TPart).Name} is written after this system in the tick; read it from Previous");
        return slot;
    }

    /// <summary>
    /// Starts long work (training) on a worker thread. The returned job is adopted with
    /// <see cref="WorkerJob{T}.TryAdopt"/> from a later tick; see <see cref="EngineOptions.LiveWorkers"/>.
    /// The work must honour its token: the engine cancels it on Dispose and waits for it to end.
    /// </summary>
    /// <param name="live">Overrides the engine's <see cref="EngineOptions.LiveWorkers"/> for this job: true adopts it as soon as it is done.</param>
    public WorkerJob<T> StartWork<T>(Func<CancellationToken, T> work, int adoptAfterTicks, bool? live = null) =>
        _engine.StartWork(work, Tick, adoptAfterTicks, live);
}
