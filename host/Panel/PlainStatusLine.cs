using System.Globalization;

namespace AlphaHost.Host.Panel;

/// <summary>The panel as one log line, for when stdout is not a terminal (CI, pipes).</summary>
public static class PlainStatusLine
{
    public static string Format(PanelSnapshot s)
    {
        var ic = s.DailyIc.Count == 0 ? "-" : F($"{s.DailyIc[^1]:0.0000} mean({s.IcWindow}) {PanelMath.RollingMean(s.DailyIc, s.IcWindow)[^1]:0.0000}");
        var training = s.Training is { } t ? F($" training {t.Model} {t.Epoch}/{t.Epochs} loss {t.Loss:0.000000}") : "";
        var bus = s.Bus is { } b ? F($" subs {b.Subscriptions} queue drops {b.QueueDrops}") : "";
        var error = s.RecentErrors.Count > 0 ? $" last error: {s.RecentErrors[^1]}" : "";
        return F($"{s.TradingDate:yyyy-MM-dd} bar {s.Bar} tick {s.Tick} {(s.Paused ? "paused" : "running")} speed {(s.Speed == 0 ? "max" : F($"{s.Speed:0.##}/s"))} universe {s.UniverseSize} model {s.ActiveModel}{training} IC {ic} NAV {s.Nav:0.00} bench {s.BenchmarkNav:0.00} turnover {s.Turnover:0.00%}{bus}{error}");
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
