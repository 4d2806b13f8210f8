using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AlphaHost.Host.Panel;

/// <summary>Draws a <see cref="PanelSnapshot"/> as a Spectre.Console dashboard. Pure: same snapshot, same picture.</summary>
public static class PanelRenderer
{
    private const int SeriesShown = 40; // sparkline length

    /// <summary>The dashboard for a console <paramref name="width"/> characters wide.</summary>
    public static IRenderable Render(PanelSnapshot s, int width, string footer = "") => new Rows(
        Header(s),
        Row(width, [1, 1], Models(s), Training(s)),
        Row(width, [1, 1, 2], Scores("Top scores", s.TopScores), Scores("Bottom scores", s.BottomScores), Performance(s)),
        Row(width, [1, 1], Bus(s), Errors(s)),
        new Text(footer.Length > 0 ? footer : KeyBindings.Help));

    /// <summary>Boxes side by side sharing the width by weight, so no box title is cut.</summary>
    private static Grid Row(int width, int[] weights, params Spectre.Console.Panel[] boxes)
    {
        const int gap = 1;
        var usable = width - gap * (boxes.Length - 1);
        var grid = new Grid();
        for (var i = 0; i < boxes.Length; i++)
            grid.AddColumn(new GridColumn().Width(Math.Max(12, usable * weights[i] / weights.Sum())).Padding(0, 0, i < boxes.Length - 1 ? gap : 0, 0));
        grid.AddRow(boxes.Select(b => (IRenderable)b.Expand()).ToArray());
        return grid;
    }

    private static IRenderable Header(PanelSnapshot s)
    {
        var speed = s.Speed == 0 ? "max" : F($"{s.Speed:0.##}/s");
        var state = s.Paused ? "[yellow]PAUSED[/]" : "[green]RUNNING[/]";
        return new Markup(F($"[bold]AlphaHost[/]  {s.TradingDate:yyyy-MM-dd} bar {s.Bar}  tick {s.Tick}  speed {speed}  {state}  universe {s.UniverseSize}"));
    }

    private static Spectre.Console.Panel Models(PanelSnapshot s)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("plugin", "version", "family", "state");
        foreach (var p in s.Plugins)
        {
            var name = p.Name == s.ActiveModel ? $"[bold]{Markup.Escape(p.Name)}[/] *" : Markup.Escape(p.Name);
            var state = p.Error.Length > 0 ? $"{p.State}: {Markup.Escape(p.Error)}" : p.State.ToString();
            table.AddRow(name, Markup.Escape(p.Version), Markup.Escape(p.Family), state);
        }
        return new Spectre.Console.Panel(table).Header(F($"Plugins (active model: {Markup.Escape(s.ActiveModel)})"));
    }

    private static Spectre.Console.Panel Training(PanelSnapshot s)
    {
        if (s.Training is not { } t) return new Spectre.Console.Panel(new Text("idle")).Header("Training");
        var last = t.Validation.Count > 0 ? F($"{t.Validation[^1]:0.0000}") : "-";
        return new Spectre.Console.Panel(new Rows(
            new Text(F($"{t.Model}: epoch {t.Epoch}/{t.Epochs}  loss {t.Loss:0.000000}")),
            new Text(F($"{t.MetricName} {last}  {PanelMath.Sparkline(Tail(t.Validation))}")))).Header("Training");
    }

    private static Spectre.Console.Panel Scores(string title, IReadOnlyList<ScoreRow> rows)
    {
        var table = new Table().Border(TableBorder.None).AddColumn("code").AddColumn(new TableColumn("score").RightAligned());
        foreach (var row in rows) table.AddRow(Markup.Escape(row.Code), F($"{row.Score:0.0000}"));
        return new Spectre.Console.Panel(table).Header(title);
    }

    private static Spectre.Console.Panel Performance(PanelSnapshot s)
    {
        var ic = s.DailyIc;
        var rolling = PanelMath.RollingMean(ic, s.IcWindow);
        var icLine = ic.Count == 0 ? "IC -"
            : F($"IC {ic[^1]:0.0000}  mean({s.IcWindow}) {rolling[^1]:0.0000}");
        var excess = PanelMath.Excess(s.Nav, s.BenchmarkNav) is { } e ? F($"{e:+0.00%;-0.00%;0.00%}") : "-";
        return new Spectre.Console.Panel(new Rows(
            new Text(icLine),
            new Text("IC    " + PanelMath.Sparkline(Tail(ic))),
            new Text("mean  " + PanelMath.Sparkline(Tail(rolling))),
            new Text(F($"NAV {s.Nav:N2}  bench {s.BenchmarkNav:N2}  excess {excess}")),
            new Text(F($"turnover {s.Turnover:0.00%}")))).Header("Performance");
    }

    private static Spectre.Console.Panel Bus(PanelSnapshot s)
    {
        var text = s.Bus is { } b
            ? F($"subs {b.Subscriptions}  published {b.Published}  queue drops {b.QueueDrops}") + (b.Failure is null ? "" : $"  FAILED: {b.Failure}")
            : "bus off";
        return new Spectre.Console.Panel(new Text(text)).Header("Signal bus");
    }

    private static Spectre.Console.Panel Errors(PanelSnapshot s) =>
        new Spectre.Console.Panel(new Text(s.RecentErrors.Count == 0 ? "none" : string.Join("\n", s.RecentErrors.TakeLast(5)))).Header("Last errors");

    private static IReadOnlyList<double> Tail(IReadOnlyList<double> values) =>
        values.Count <= SeriesShown ? values : values.Skip(values.Count - SeriesShown).ToList();

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
