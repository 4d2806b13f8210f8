namespace AlphaHost.Host.Engine;

public sealed record EngineOptions
{
    /// <summary>The run seed; every system's random stream derives from it and the system's name.</summary>
    public int Seed { get; init; }

    /// <summary>Pace in ticks per second; null runs as fast as possible.</summary>
    public double? TicksPerSecond { get; init; }

    public bool StartPaused { get; init; }

    /// <summary>
    /// False (default): a worker's result is adopted exactly at its due tick, waiting if needed, so
    /// the same seed gives the same numbers. True: adopted at the first tick after it is done, so
    /// the loop never waits (live paper trading), at the cost of run-to-run differences.
    /// </summary>
    public bool LiveWorkers { get; init; }
}

public enum RunMode
{
    Running,
    Paused,
}
