using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Panel;

/// <summary>
/// Panel keys as control <see cref="Command"/>s, the same ones the control socket takes:
/// space pause/resume, n step, +/- speed, r reload plugins, m cycle active model, q quit.
/// </summary>
public static class KeyBindings
{
    /// <summary>Speeds +/- move between, in ticks per second; 0 (as fast as possible) is the top.</summary>
    public static readonly IReadOnlyList<double> SpeedLadder = [0.5, 1, 2, 4, 8, 16, 32, 64, 0];

    public const string Help = "space pause/resume · n step · +/- speed · r reload plugins · m next model · q quit";

    /// <summary>The command for a key given what the panel shows now; null for keys with no meaning.</summary>
    public static Command? ToCommand(char key, PanelSnapshot now) => key switch
    {
        ' ' => new Command { Kind = now.Paused ? CommandKinds.Resume : CommandKinds.Pause },
        'n' or 'N' => new Command { Kind = CommandKinds.Step, Ticks = 1 },
        '+' or '=' => new Command { Kind = CommandKinds.Speed, TicksPerSecond = NextSpeed(now.Speed, +1) },
        '-' or '_' => new Command { Kind = CommandKinds.Speed, TicksPerSecond = NextSpeed(now.Speed, -1) },
        'r' or 'R' => new Command { Kind = CommandKinds.Reload, Name = "" },
        'm' or 'M' => NextModel(now) is { } model ? new Command { Kind = CommandKinds.ActivateModel, Model = model } : null,
        'q' or 'Q' => new Command { Kind = CommandKinds.Shutdown },
        _ => null,
    };

    /// <summary>The ladder step above or below the step nearest to <paramref name="speed"/>, clamped at the ends.</summary>
    public static double NextSpeed(double speed, int direction)
    {
        var nearest = 0;
        for (var i = 1; i < SpeedLadder.Count; i++)
            if (Distance(SpeedLadder[i], speed) < Distance(SpeedLadder[nearest], speed)) nearest = i;
        return SpeedLadder[Math.Clamp(nearest + direction, 0, SpeedLadder.Count - 1)];
    }

    private static double Distance(double step, double speed) =>
        step == 0 || speed == 0 ? (step == speed ? 0 : double.PositiveInfinity) : Math.Abs(Math.Log(step / speed));

    private static string? NextModel(PanelSnapshot now)
    {
        if (now.Models.Count == 0) return null;
        var index = now.Models.ToList().IndexOf(now.ActiveModel);
        return now.Models[(index + 1) % now.Models.Count];
    }
}
