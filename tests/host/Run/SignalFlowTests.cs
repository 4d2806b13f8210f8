using System.Globalization;
using AlphaHost.Host.Tests.Bus;
using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Tests.Run;

/// <summary>A subscriber on the signal bus receives every day the run scores, in order, as the run wrote it to factor.csv.</summary>
[Collection("alphahost run")]
public class SignalFlowTests : IDisposable
{
    private readonly ScratchDir scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void EveryScoredDayArrivesOnTheBusInSequence()
    {
        var dir = scratch.Path;
        var endpoint = $"tcp://127.0.0.1:{RunKit.FreePort()}";
        var config = RunKit.TinyConfig(dir, busPub: endpoint);
        var runDir = Path.Combine(dir, "run");

        using var sub = BusTestKit.Subscribe(endpoint, "signal."); // connects (and retries) before the run binds
        using var host = HostProcess.Start(["run", "--config", config, "--out", runDir, "--seed", "5", "--headless"]);
        var received = new List<(string Topic, Signal Signal)>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (BusTestKit.Next(sub, TimeSpan.FromMilliseconds(500)) is { } message) received.Add((message.Topic, BusCodec.TryDecode<Signal>(message.Payload, out var error) ?? throw new Xunit.Sdk.XunitException(error)));
            else if (host.HasExited) break; // nothing more within the timeout after the run ended
        }
        Assert.Equal(0, host.WaitForExit(TimeSpan.FromSeconds(10)));

        var factor = File.ReadLines(Path.Combine(runDir, "factor.csv")).Skip(1).Select(l => l.Split(','))
            .GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.True(factor.Count > 20, $"the run scored only {factor.Count} days:\n{host.Output}");
        Assert.Equal(factor.Count, received.Count);
        var firstScored = factor.Keys.Min(StringComparer.Ordinal);
        Assert.Equal(firstScored, received[0].Signal.TradingDate);
        for (int i = 0; i < received.Count; i++)
        {
            var (topic, signal) = received[i];
            Assert.Equal("signal.mlp", topic);
            Assert.Equal((ulong)(i + 1), signal.Sequence);
            if (i > 0)
            {
                Assert.Equal(received[i - 1].Signal.Tick + 1, signal.Tick); // one signal per tick from the first scored tick on
                Assert.True(string.CompareOrdinal(received[i - 1].Signal.TradingDate, signal.TradingDate) < 0);
            }
            var rows = factor[signal.TradingDate];
            Assert.Equal(rows.Select(r => r[1]), signal.Codes);
            Assert.Equal(signal.Codes.Count, signal.Scores.Count);
            Assert.All(signal.Scores, s => Assert.True(float.IsFinite(s), $"{signal.TradingDate}: score {s}"));
            Assert.Equal(rows.Select(r => (float)double.Parse(r[2], CultureInfo.InvariantCulture)), signal.Scores);
        }
    }
}
