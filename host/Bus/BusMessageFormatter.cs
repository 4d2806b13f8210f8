using System.Globalization;
using System.Text;
using AlphaHost.Sdk.Protocol;
using Google.Protobuf;

namespace AlphaHost.Host.Bus;

/// <summary>Human-readable text for one bus message, as `alphahost listen` prints it.</summary>
public static class BusMessageFormatter
{
    public static string Format(string topic, byte[] payload, int top)
    {
        try
        {
            if (topic.StartsWith(Topics.SignalPrefix, StringComparison.Ordinal)) return FormatSignal(topic, Signal.Parser.ParseFrom(payload), top);
            if (topic == Topics.Portfolio) return FormatPortfolio(Portfolio.Parser.ParseFrom(payload));
            if (topic == Topics.Status) return FormatStatus(Status.Parser.ParseFrom(payload));
            return $"{topic}: {payload.Length} bytes (unknown topic)";
        }
        catch (InvalidProtocolBufferException e)
        {
            return $"{topic}: unreadable payload of {payload.Length} bytes ({e.Message})";
        }
    }

    /// <summary>The per-topic sequence number of a message, for gap detection.</summary>
    public static ulong SequenceOf(string topic, byte[] payload)
    {
        // Every bus message has BusHeader as field 1, so any of them parses the header.
        try { return Status.Parser.ParseFrom(payload).Header?.Sequence ?? 0; }
        catch (InvalidProtocolBufferException) { return 0; }
    }

    private static string FormatSignal(string topic, Signal signal, int top)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{topic} #{signal.Header?.Sequence} {signal.TradingDate} tick {signal.Tick} {signal.Model} {signal.PluginVersion}: {signal.Codes.Count} codes, top {top}");
        var rank = 0;
        foreach (var (code, score) in ScoreRanking.Top(signal.Codes, signal.Scores, top))
            text.Append(CultureInfo.InvariantCulture, $"\n  {++rank,3} {code,-12} {score,10:F6}");
        return text.ToString();
    }

    private static string FormatPortfolio(Portfolio p) =>
        $"portfolio #{p.Header?.Sequence} {p.TradingDate} tick {p.Tick}: {p.Codes.Count} positions, NAV {p.Nav}" +
        (p.BenchmarkNav.Length > 0 ? $", benchmark {p.BenchmarkNav}" : "");

    private static string FormatStatus(Status s) => string.Create(CultureInfo.InvariantCulture,
        $"status #{s.Header?.Sequence} {s.State} {s.TradingDate} tick {s.Tick} speed {s.Speed} universe {s.UniverseSize} model {s.ActiveModel} subscriptions {s.BusSubscriptions} overflows {s.BusSubscriberOverflows} queue drops {s.BusQueueDrops}");
}
