using System.Globalization;
using System.Text;

namespace AlphaHost.Host.Bus;

/// <summary>Human-readable text for bus messages and control replies, as `alphahost listen` and `control` print them.</summary>
public static class BusMessageFormatter
{
    public static string Format(string topic, byte[] payload, int top)
    {
        string error;
        if (topic.StartsWith(Topics.SignalPrefix, StringComparison.Ordinal))
            return BusCodec.TryDecode<Signal>(payload, out error) is { } signal ? FormatSignal(topic, signal, top) : Unreadable(topic, payload, error);
        if (topic == Topics.Portfolio)
            return BusCodec.TryDecode<Portfolio>(payload, out error) is { } portfolio ? FormatPortfolio(portfolio) : Unreadable(topic, payload, error);
        if (topic == Topics.Status)
            return BusCodec.TryDecode<Status>(payload, out error) is { } status ? FormatStatus(status) : Unreadable(topic, payload, error);
        return $"{topic}: {payload.Length} bytes (unknown topic)";
    }

    private static string Unreadable(string topic, byte[] payload, string error) => $"{topic}: unreadable payload of {payload.Length} bytes ({error})";

    private static string FormatSignal(string topic, Signal signal, int top)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{topic} #{signal.Sequence} {signal.TradingDate} tick {signal.Tick} {signal.Model} {signal.PluginVersion}: {signal.Codes.Count} codes, top {top}");
        var rank = 0;
        foreach (var (code, score) in ScoreRanking.Top(signal.Codes, signal.Scores, top))
            text.Append(CultureInfo.InvariantCulture, $"\n  {++rank,3} {code,-12} {score,10:F6}");
        return text.ToString();
    }

    private static string FormatPortfolio(Portfolio p) =>
        $"portfolio #{p.Sequence} {p.TradingDate} tick {p.Tick}: {p.Codes.Count} targets, {p.Fills.Count} fills, NAV {p.Nav}" +
        (p.BenchmarkNav.Length > 0 ? $", benchmark {p.BenchmarkNav}" : "");

    public static string FormatStatus(Status s)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"status #{s.Sequence} {s.Mode} {s.TradingDate} tick {s.Tick} speed {s.Speed} universe {s.UniverseSize} model {s.ActiveModel} ");
        text.Append(CultureInfo.InvariantCulture, $"published {s.Bus.Published} subscriptions {s.Bus.Subscriptions} queue drops {s.Bus.QueueDrops}");
        if (s.Training is { } t) text.Append(CultureInfo.InvariantCulture, $" training {t.Model} epoch {t.Epoch}/{t.Epochs} loss {t.Loss:F4}");
        if (s.RecentErrors.Count > 0) text.Append(" last error: ").Append(s.RecentErrors[^1]);
        if (s.Models.Count > 0) text.Append('\n').Append(FormatModels(s.Models));
        return text.ToString();
    }

    /// <summary>The models of a run as a table: role, state, fitted version and live RankIC.</summary>
    public static string FormatModels(IReadOnlyList<ModelState> models)
    {
        static string Ic(double? v) => v is { } x ? x.ToString("F4", CultureInfo.InvariantCulture) : "-";
        var rows = models.Select(m => new[]
        {
            m.Name, m.Role, m.State, m.Version > 0 ? $"v{m.Version}" : "-", m.FittedOn.Length > 0 ? m.FittedOn : "-",
            Ic(m.RankIcRecent), Ic(m.RankIcToDate), m.GradedDays.ToString(CultureInfo.InvariantCulture), m.Fault,
        }).Prepend(["MODEL", "ROLE", "STATE", "VER", "FITTED ON", "RANKIC 20D", "TO DATE", "DAYS", "FAULT"]).ToArray();
        return Table(rows);
    }

    /// <summary>The plugins of a host as a table.</summary>
    public static string FormatPlugins(IReadOnlyList<PluginState> plugins) =>
        Table(plugins.Select(p => new[] { p.Name, p.Family, p.Version, p.State, p.Faults.ToString(CultureInfo.InvariantCulture), p.Swaps.ToString(CultureInfo.InvariantCulture), p.Error })
            .Prepend(["PLUGIN", "FAMILY", "VERSION", "STATE", "FAULTS", "SWAPS", "ERROR"]).ToArray());

    private static string Table(string[][] rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        return string.Join('\n', rows.Select(r => "  " + string.Join("  ", r.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()));
    }

    /// <summary>A control reply: "ok" or the error, then the state it carries.</summary>
    public static string FormatReply(string kind, Reply reply)
    {
        var text = new StringBuilder(reply.Ok ? $"{kind}: ok" : $"{kind}: {reply.Error}");
        if (reply.Plugins is { Count: > 0 } plugins) return text.Append('\n').Append(FormatPlugins(plugins)).ToString();
        if (reply.Status is { } status) text.Append('\n').Append(FormatStatus(status));
        return text.ToString();
    }
}
