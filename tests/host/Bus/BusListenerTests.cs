using AlphaHost.Host.Bus;
using static AlphaHost.Host.Tests.Bus.BusTestKit;

namespace AlphaHost.Host.Tests.Bus;

public class BusListenerTests
{
    private static byte[] SignalBytes(ulong sequence, params (string Code, float Score)[] scores)
    {
        var signal = new Signal
        {
            Sequence = sequence, Model = "gru", PluginVersion = "1.0.0", TradingDate = "2024-01-31", Tick = 4,
            Codes = scores.Select(s => s.Code).ToList(), Scores = scores.Select(s => s.Score).ToList(),
        };
        return BusCodec.Encode(signal);
    }

    [Fact]
    public void SignalPrintsItsTopCodesHighestFirstTiesByCode()
    {
        var payload = SignalBytes(12, ("C", 0.5f), ("A", 2f), ("B", 0.5f), ("D", -1f), ("E", float.NaN));
        Assert.Equal(
            "signal.gru #12 2024-01-31 tick 4 gru 1.0.0: 5 codes, top 3\n" +
            "    1 A              2.000000\n" +
            "    2 B              0.500000\n" +
            "    3 C              0.500000",
            BusMessageFormatter.Format("signal.gru", payload, 3));
    }

    [Fact]
    public void BottomScoresAreLowestFirst()
    {
        var bottom = ScoreRanking.Bottom(["A", "B", "C"], [3f, -2f, 1f], 2);
        Assert.Equal([("B", -2f), ("C", 1f)], bottom);
        Assert.Throws<ArgumentException>(() => ScoreRanking.Top(["A"], [], 1));
    }

    [Fact]
    public void ListenerNotesGapsAndSkipsReplays()
    {
        var output = new StringWriter { NewLine = "\n" };
        var listener = new BusListener(output, top: 1);
        listener.Handle("signal.gru", SignalBytes(5, ("A", 1f)));
        listener.Handle("signal.gru", SignalBytes(5, ("A", 1f))); // replay for someone else
        listener.Handle("signal.gru", SignalBytes(8, ("B", 1f)));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("signal.gru #5 ", lines[0]);
        Assert.Equal("! missed 2 message(s) on signal.gru before #8", lines[2]);
        Assert.StartsWith("signal.gru #8 ", lines[3]);
        Assert.Equal(2, listener.Printed);
    }

    [Fact]
    public void GarbagePayloadIsReportedNotThrown()
    {
        // Our part of the line; the reason after it is MessagePack's own text. 0xc1 is the one byte msgpack never uses.
        Assert.StartsWith("signal.x: unreadable payload of 3 bytes (not a Signal map (", BusMessageFormatter.Format("signal.x", [0xc1, 0xFF, 0xFF], 10));
        var output = new StringWriter();
        var listener = new BusListener(output, top: 3);
        listener.Handle("signal.x", [0xc1]);
        Assert.StartsWith("! signal.x: unreadable payload of 1 bytes", output.ToString());
        Assert.Equal(0, listener.Printed);
    }

    [Fact]
    public void ListenerReceivesFromARealPublisher()
    {
        using var publisher = new SignalPublisher(new PublisherOptions { Endpoint = Loopback });
        publisher.PublishSignal(MakeSignal("gru", 0, 3)); // cached: the listener gets it on joining
        WaitUntil(() => publisher.Stats.Published == 1, "the publish");
        var output = new StringWriter { NewLine = "\n" };
        var listener = new BusListener(output, top: 2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        listener.Run(publisher.Endpoint, "signal.", count: 1, timeout.Token);

        Assert.Equal(1, listener.Printed);
        Assert.Equal(
            "signal.gru #1 2024-01-31 tick 0 gru 1.0.0: 3 codes, top 2\n" +
            "    1 S000002        0.002000\n" +
            "    2 S000001        0.001000\n",
            output.ToString());
    }
}
