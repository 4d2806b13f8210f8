namespace AlphaHost.Host.Engine;

/// <summary>
/// One job the engine does every tick (market, features, training, scoring, publishing,
/// portfolio, evaluation, panel). It reads the previous tick's <see cref="Snapshot"/> (and parts
/// earlier systems wrote this tick), and returns its own new part; it writes nothing else.
/// Derive from <see cref="GameSystem{TPart}"/> rather than implementing this directly.
/// </summary>
public interface ISystem
{
    string Name { get; }
    SystemStage Stage { get; }
    Type PartType { get; }
    object InitialPart { get; }
    object Update(TickContext tick);
}

/// <summary>
/// A system writing a part of type <typeparamref name="TPart"/>; make the part an immutable record.
/// Return the previous part unchanged when nothing happened (no allocation).
/// </summary>
public abstract class GameSystem<TPart> : ISystem where TPart : class
{
    public virtual string Name => GetType().Name;
    public abstract SystemStage Stage { get; }
    Type ISystem.PartType => typeof(TPart);
    object ISystem.InitialPart => Initial;
    object ISystem.Update(TickContext tick) => Update(tick, (TPart)tick.PreviousOfCaller);

    /// <summary>The part before the first tick.</summary>
    protected abstract TPart Initial { get; }

    /// <summary>This tick's part, given last tick's (<paramref name="mine"/>).</summary>
    protected abstract TPart Update(TickContext tick, TPart mine);
}
