using AlphaHost.Host.Panel;
using static AlphaHost.Host.Tests.Panel.PanelTestKit;

namespace AlphaHost.Host.Tests.Panel;

public class PanelRendererTests
{
    private static string[] RenderedLines(PanelSnapshot snapshot, string footer = "")
    {
        var (console, text) = TextConsole(width: 120);
        console.Write(PanelRenderer.Render(snapshot, 120, footer));
        return text.ToString().Split('\n');
    }

    private static void AssertSomeLineContains(string[] lines, string expected) =>
        Assert.True(lines.Any(l => l.Contains(expected, StringComparison.Ordinal)), $"no line contains '{expected}':\n{string.Join("\n", lines)}");

    [Fact]
    public void KnownStateRendersToTheExpectedText()
    {
        var lines = RenderedLines(KnownState());

        Assert.Equal("AlphaHost  2024-01-31 bar 0  tick 123  speed 8/s  RUNNING  universe 5000", lines[0].TrimEnd());
        AssertSomeLineContains(lines, "Plugins (active model: gru)");
        AssertSomeLineContains(lines, "gru *    1.2.0     Model    Loaded");
        AssertSomeLineContains(lines, "master   0.9.0     Model    Failed: shape mismatch");
        AssertSomeLineContains(lines, "master: epoch 3/10  loss 0.012346");
        // validation 0.1, 0.3, 0.2 scaled over 8 blocks: 0 → ▁, 1 → █, 0.5·7 = 3.5 → 4 → ▅
        AssertSomeLineContains(lines, "rank_icir 0.2000  ▁█▅");
        AssertSomeLineContains(lines, "600000.SH 2.5000");
        AssertSomeLineContains(lines, "300750.SZ -3.0000");
        // IC 0.02..0.08; rolling mean over 2 days: 0.02, 0.03, 0.05, 0.07
        AssertSomeLineContains(lines, "IC 0.0800  mean(2) 0.0700");
        AssertSomeLineContains(lines, "IC    ▁▃▆█");  // (v − 0.02)/0.06·7 = 0, 2.33, 4.67, 7
        AssertSomeLineContains(lines, "mean  ▁▂▅█"); // (m − 0.02)/0.05·7 = 0, 1.4, 4.2, 7
        // 1,023,456.78 / 1,000,000 − 1 = +2.35%
        AssertSomeLineContains(lines, "NAV 1,023,456.78  bench 1,000,000.00  excess +2.35%");
        AssertSomeLineContains(lines, "turnover 12.50%");
        AssertSomeLineContains(lines, "subs 3  published 40  queue drops 1");
        AssertSomeLineContains(lines, "plugin master: shape mismatch");
        Assert.Equal(KeyBindings.Help, lines.Last(l => l.Length > 0).TrimEnd());
    }

    [Fact]
    public void EmptyStateRendersPlaceholders()
    {
        var lines = RenderedLines(new PanelSnapshot { Paused = true }, footer: "Pause: ok");
        Assert.Equal("AlphaHost  0001-01-01 bar 0  tick 0  speed max  PAUSED  universe 0", lines[0].TrimEnd());
        AssertSomeLineContains(lines, "idle");
        AssertSomeLineContains(lines, "IC -");
        AssertSomeLineContains(lines, "excess -");
        AssertSomeLineContains(lines, "bus off");
        AssertSomeLineContains(lines, "none");
        Assert.Equal("Pause: ok", lines.Last(l => l.Length > 0).TrimEnd());
    }

    [Fact]
    public void PlainLineCarriesTheSameNumbers()
    {
        Assert.Equal(
            "2024-01-31 bar 0 tick 123 running speed 8/s universe 5000 model gru training master 3/10 loss 0.012346 " +
            "IC 0.0800 mean(2) 0.0700 NAV 1023456.78 bench 1000000.00 turnover 12.50% subs 3 queue drops 1 last error: plugin master: shape mismatch",
            PlainStatusLine.Format(KnownState()));
    }

    [Fact]
    public void SnapshotMapsToTheWireStatus()
    {
        var status = KnownState().ToStatus();
        Assert.Equal("2024-01-31", status.TradingDate);
        Assert.Equal(123L, status.Tick);
        Assert.Equal(3, status.Bus.Subscriptions);
        Assert.Equal(40L, status.Bus.Published);
        Assert.Equal(1L, status.Bus.QueueDrops);
        Assert.Equal("shape mismatch", status.Plugins[1].Error);
        Assert.Equal("failed", status.Plugins[1].State);
        Assert.Equal(new[] { 0.1, 0.3, 0.2 }, status.Training!.Validation);
    }
}
