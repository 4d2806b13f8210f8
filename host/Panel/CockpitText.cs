using System.Globalization;

namespace AlphaHost.Host.Panel;

/// <summary>The cockpit's words and numbers for each view, as plain text. Pure: same snapshot, same text.</summary>
public static class CockpitText
{
    /// <summary>The engine view: tick n/N, date, mode, speed aimed at and ticks per second measured.</summary>
    public static string Engine(CockpitSnapshot s, double ticksPerSecond)
    {
        var total = s.TotalTicks > 0 ? F($"/{s.TotalTicks}") : "";
        var bar = s.Bar > 0 ? F($" bar {s.Bar}") : ""; // daily bars have none
        return F($"tick {s.Tick}{total}  {s.TradingDate:yyyy-MM-dd}{bar}  {Phase(s.Phase)}  speed {Speed(s.Speed)}  {ticksPerSecond:0.0} t/s  universe {s.UniverseSize}");
    }

    /// <summary>The top line: the engine view behind the title, which gives way first when <paramref name="width"/> is short.</summary>
    public static string TopLine(CockpitSnapshot s, double ticksPerSecond, int width)
    {
        var engine = Engine(s, ticksPerSecond);
        return Title.Length + engine.Length <= width ? Title + engine : engine;
    }

    private const string Title = "AlphaHost  ";

    /// <summary>
    /// The last <paramref name="rows"/> rows of <paramref name="lines"/> cut into <paramref name="width"/>-wide
    /// pieces, so a long line takes the rows it needs and the newest line is never pushed off the bottom.
    /// </summary>
    public static string[] Tail(IReadOnlyList<string> lines, int width, int rows)
    {
        width = Math.Max(1, width);
        var tail = new List<string>();
        for (var i = lines.Count - 1; i >= 0 && tail.Count < rows; i--)
        {
            var line = lines[i];
            var pieces = Enumerable.Range(0, Math.Max(1, (line.Length + width - 1) / width))
                .Select(k => line.Substring(k * width, Math.Min(width, line.Length - k * width)));
            tail.InsertRange(0, pieces);
        }
        return tail.TakeLast(rows).ToArray();
    }

    public static string Phase(RunPhase phase) => phase switch
    {
        RunPhase.Running => "RUNNING",
        RunPhase.Paused => "PAUSED",
        RunPhase.Stopping => "STOPPING",
        _ => "FINISHED",
    };

    public static string Speed(double speed) => speed == 0 ? "max" : F($"{speed:0.##}/s");

    public static readonly string[] ModelColumns = ["model", "ver", "role", "fitted on", "RankIC 20d", "to date", "state"];

    public static string[] ModelCells(ModelRow m) =>
    [
        m.Name, m.Version > 0 ? F($"v{m.Version}") : "-", m.Role.ToString().ToLowerInvariant(),
        m.FittedOn is { } d ? F($"{d:yyyy-MM-dd}") : "-", Ic(m.RankIcRecent), Ic(m.RankIcToDate),
        m.Fault is { } fault ? $"{m.State}: {fault}" : m.State,
    ];

    /// <summary>The latest fit: epoch i/n with its losses, or that it finished.</summary>
    public static string Training(TrainingView? t)
    {
        if (t is null) return "no fit yet";
        var last = t.Curve.Count > 0 ? t.Curve[^1] : null;
        var losses = last is null ? F($"loss {t.Loss:0.0000}") : F($"train {last.TrainLoss:0.0000} valid {last.ValidationLoss:0.0000} {t.MetricName} {last.Validation:0.0000}");
        return F($"{t.Model} fit {t.Retrain}: epoch {t.Epoch}/{t.Epochs}{(t.Done ? " done" : "")}  {losses}");
    }

    public static readonly string[] PluginColumns = ["plugin", "family", "version", "origin", "state", "faults", "swaps", "last error"];

    public static string[] PluginCells(PluginRow p) =>
    [
        p.Name, p.Family, p.Version, p.Origin, p.State.ToString(), F($"{p.Faults}"), F($"{p.Swaps}"), p.Error.Length > 0 ? p.Error : "-",
    ];

    public static string[] Portfolio(PortfolioView p)
    {
        var excess = CockpitMath.Excess(p.Nav, p.BenchmarkNav) is { } e ? F($"{e:+0.00%;-0.00%;0.00%}") : "-";
        var refused = p.RefusedByRule.Count == 0 ? "none" : string.Join(", ", p.RefusedByRule.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => F($"{r.Key} {r.Value}")));
        return
        [
            F($"NAV {p.Nav:N2}  bench {p.BenchmarkNav:N2}  excess {excess}"),
            F($"positions {p.PositionCount}  fills today {p.FillsToday}  turnover {p.Turnover:0.00%}"),
            "refused by rule: " + refused,
        ];
    }

    public static readonly string[] HoldingColumns = ["code", "quantity", "value"];

    public static string[] HoldingCells(HoldingRow h) => [h.Code, F($"{h.Quantity:N0}"), F($"{h.Value:N0}")];

    public static string Bus(CockpitSnapshot s) => s.Bus is { } b
        ? F($"bus: subscribers {b.Subscriptions}  published {b.Published}  drops {b.QueueDrops}") + (b.Failure is null ? "" : $"  FAILED: {b.Failure}")
        : "bus: off";

    private static string Ic(double? value) => value is double v ? F($"{v:0.0000}") : "-";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
