using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Panel;

/// <summary>What the cursor is on in the cockpit: the model and plugin the keys act upon.</summary>
public sealed record CockpitSelection(string? Model = null, string? Plugin = null);

/// <summary>
/// Cockpit keys as control <see cref="Command"/>s, the same ones the control socket takes. Keys
/// that pick a view (1-4) never reach here.
/// </summary>
public static class CockpitKeys
{
    /// <summary>Speeds +/- move between, in ticks per second; 0 (as fast as possible) is the top.</summary>
    public static readonly IReadOnlyList<double> SpeedLadder = [0.5, 1, 2, 4, 8, 16, 32, 64, 0];

    /// <summary>The footer: every action key, short enough for an 80-column terminal (views 1-4 are on the tab line).</summary>
    public const string Help = "spc:pause n:step +-:speed t:train r:reload a:activate p:promote x:retire q:quit";

    /// <summary>The command for a key given what the cockpit shows now; null for keys with no meaning.</summary>
    public static Command? ToCommand(char key, CockpitSnapshot now, CockpitSelection selected) => key switch
    {
        ' ' => new Command { Kind = now.Paused ? CommandKinds.Resume : CommandKinds.Pause },
        'n' or 'N' => new Command { Kind = CommandKinds.Step, Ticks = 1 },
        '+' or '=' => new Command { Kind = CommandKinds.Speed, TicksPerSecond = NextSpeed(now.Speed, +1) },
        '-' or '_' => new Command { Kind = CommandKinds.Speed, TicksPerSecond = NextSpeed(now.Speed, -1) },
        't' or 'T' => new Command { Kind = CommandKinds.StartTraining, Model = selected.Model ?? now.ActiveModel },
        // No plugin selected: "" reloads every plugin whose files changed.
        'r' or 'R' => new Command { Kind = CommandKinds.Reload, Name = selected.Plugin ?? "" },
        'a' or 'A' => selected.Model is { } a ? new Command { Kind = CommandKinds.ActivateModel, Model = a } : null,
        'p' or 'P' => selected.Model is { } p ? new Command { Kind = CommandKinds.Promote, Model = p } : null,
        'x' or 'X' => selected.Model is { } x ? new Command { Kind = CommandKinds.Retire, Model = x } : null,
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

    /// <summary>One line for the reply to a command, as the footer shows it.</summary>
    public static string Describe(Command command, Reply reply) =>
        reply.Ok ? $"{command.Kind}: ok" : $"{command.Kind}: {reply.Error}";
}
