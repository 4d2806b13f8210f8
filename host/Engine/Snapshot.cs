namespace AlphaHost.Host.Engine;

/// <summary>
/// The engine's state at the end of one tick: one part per system, each an immutable value the
/// system returned. Readers never see a part change, so the panel or a worker can hold one safely.
/// A system that fails keeps its previous part; <see cref="TickOf{TPart}"/> and
/// <see cref="IsFresh{TPart}"/> tell such a stale part from one made this tick.
/// </summary>
public sealed class Snapshot
{
    private readonly object[] _parts;
    private readonly long[] _madeAt;
    private readonly SystemIndex _index;

    internal Snapshot(long tick, object[] parts, long[] madeAt, SystemIndex index)
    {
        Tick = tick;
        _parts = parts;
        _madeAt = madeAt;
        _index = index;
    }

    /// <summary>Ticks completed; 0 is the initial state before the first tick (the first tick is 1).</summary>
    public long Tick { get; }

    /// <summary>
    /// The tick at which the system writing <typeparamref name="TPart"/> last succeeded, i.e. made the
    /// part held now (0: it never has; the part is its initial one).
    /// </summary>
    public long TickOf<TPart>() where TPart : class => _madeAt[_index.SlotOf(typeof(TPart))];

    /// <summary>False when the part's system failed at this snapshot's tick and its older part stands in.</summary>
    public bool IsFresh<TPart>() where TPart : class => TickOf<TPart>() == Tick;

    /// <summary>The part of type <typeparamref name="TPart"/> (each part type belongs to exactly one system).</summary>
    public TPart Get<TPart>() where TPart : class => (TPart)_parts[_index.SlotOf(typeof(TPart))];

    public bool TryGet<TPart>(out TPart part) where TPart : class
    {
        if (_index.TryGetSlot(typeof(TPart), out var slot))
        {
            part = (TPart)_parts[slot];
            return true;
        }
        part = null!;
        return false;
    }

    internal object this[int slot] => _parts[slot];

    internal long MadeAt(int slot) => _madeAt[slot];
}

/// <summary>Which slot of a snapshot each part type lives in; fixed when the engine is built.</summary>
internal sealed class SystemIndex
{
    private readonly Dictionary<Type, int> _slots;

    public SystemIndex(IReadOnlyList<ISystem> systems)
    {
        _slots = new Dictionary<Type, int>(systems.Count);
        for (var i = 0; i < systems.Count; i++)
        {
            if (!_slots.TryAdd(systems[i].PartType, i))
                throw new ArgumentException($"systems '{systems[_slots[systems[i].PartType]].Name}' and '{systems[i].Name}' both write part {systems[i].PartType.Name}; a part has one writer");
        }
    }

    public int SlotOf(Type part) => _slots.TryGetValue(part, out var slot)
        ? slot
        : throw new KeyNotFoundException($"no system writes part {part.Name}");

    public bool TryGetSlot(Type part, out int slot) => _slots.TryGetValue(part, out slot);
}
