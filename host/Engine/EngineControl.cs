namespace AlphaHost.Host.Engine;

/// <summary>
/// The thread-safe control surface of a running <see cref="Engine"/> (keyboard panel, control
/// socket). Every command is queued and applied by the loop between two ticks, never mid-tick.
/// </summary>
public sealed class EngineControl
{
    private readonly TickEngine _engine;

    internal EngineControl(TickEngine engine) => _engine = engine;

    public void Pause() => _engine.Post(e => e.SetPaused(true));

    public void Resume() => _engine.Post(e => e.SetPaused(false));

    /// <summary>Runs <paramref name="ticks"/> ticks (unpaced) then stays paused; pauses first if running.</summary>
    public void Step(int ticks = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ticks, 1);
        _engine.Post(e => e.AddSteps(ticks));
    }

    /// <summary>Ticks per second, or null for as fast as possible.</summary>
    public void SetSpeed(double? ticksPerSecond)
    {
        if (ticksPerSecond is <= 0 or double.NaN or double.PositiveInfinity)
            throw new ArgumentOutOfRangeException(nameof(ticksPerSecond), ticksPerSecond, "expected a positive finite number of ticks per second, or null for as fast as possible");
        _engine.Post(e => e.SetPace(ticksPerSecond));
    }

    /// <summary>Ends the loop after the current tick.</summary>
    public void Stop() => _engine.Post(e => e.RequestStop());

    /// <summary>Runs <paramref name="action"/> on the loop thread between two ticks (hot swaps, reloads).</summary>
    public void AtBoundary(Action action) => _engine.Post(_ => action());

    public RunMode Mode => _engine.Paused ? RunMode.Paused : RunMode.Running;
    public double? TicksPerSecond => _engine.Pace;
    public long Tick => _engine.Latest.Tick;
}
