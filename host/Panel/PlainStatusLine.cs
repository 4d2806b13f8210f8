using System.Globalization;

namespace AlphaHost.Host.Panel;

/// <summary>The cockpit as one log line, for --headless or when stdout is not a terminal (CI, pipes).</summary>
public static class PlainStatusLine
{
    public static string Format(CockpitSnapshot s)
    {
        var ic = s.DailyIc.Count == 0 ? "-" : F($"{s.DailyIc[^1]:0.0000} mean({s.IcWindow}) {CockpitMath.RollingMean(s.DailyIc, s.IcWindow)[^1]:0.0000}");
        var training = s.Training is { } t ? F($" training {t.Model} {t.Epoch}/{t.Epochs}{(t.Done ? " done" : "")} loss {t.Loss:0.000000}") : "";
        var bus = s.Bus is { } b ? F($" subs {b.Subscriptions} queue drops {b.QueueDrops}") : "";
        var error = s.RecentErrors.Count > 0 ? $" last error: {s.RecentErrors[^1]}" : "";
        var total = s.TotalTicks > 0 ? F($"/{s.TotalTicks}") : "";
        return F($"{s.TradingDate:yyyy-MM-dd} tick {s.Tick}{total} {CockpitText.Phase(s.Phase).ToLowerInvariant()} speed {CockpitText.Speed(s.Speed)} universe {s.UniverseSize} model {s.ActiveModel}{training} RankIC {ic} NAV {s.Nav:0.00} bench {s.BenchmarkNav:0.00} turnover {s.Portfolio.Turnover:0.00%}{bus}{error}");
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
