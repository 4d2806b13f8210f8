using AlphaHost.Host.Bus;
using AlphaHost.Host.Engine;
using AlphaHost.Host.Panel;
using AlphaHost.Host.Run;
using Terminal.Gui.Input;
using static AlphaHost.Host.Tests.Panel.PanelTestKit;

namespace AlphaHost.Host.Tests.Panel;

/// <summary>The cockpit in a headless Terminal.Gui application (ANSI driver, virtual time, injected keys).</summary>
public class CockpitWindowTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>Posts a snapshot with the tick count every tick, as the main job's cockpit system does.</summary>
    private sealed class CountingSystem(SnapshotBoard board, Func<EngineControl> control) : GameSystem<CockpitSnapshot>
    {
        public override SystemStage Stage => SystemStage.Panel;
        protected override CockpitSnapshot Initial => new();

        protected override CockpitSnapshot Update(TickContext tick, CockpitSnapshot mine)
        {
            var s = new CockpitSnapshot { Tick = tick.Tick, TotalTicks = 1_000_000, Phase = control().Mode == RunMode.Paused ? RunPhase.Paused : RunPhase.Running };
            board.Post(s);
            return s;
        }
    }

    private static long TickOnScreen(string[] screen)
    {
        var header = screen[0];
        var at = header.IndexOf("tick ", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no tick on the engine line:\n{HeadlessCockpit.Show(screen)}");
        return long.Parse(header[(at + 5)..header.IndexOf('/', at)]);
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{what} did not happen within {Bound}");
            Thread.Sleep(10);
        }
    }

    [Fact]
    public void SpacePausesTheEngineAndTheTickCounterStopsThenSpaceResumes()
    {
        var board = new SnapshotBoard();
        TickEngine? engine = null;
        engine = new TickEngine([new CountingSystem(board, () => engine!.Control)], new EngineOptions { TicksPerSecond = 500 });
        using var models = new AlphaHost.Host.Run.LiveModels(5, [], []);
        var control = new RunControl(engine, board, models, TestPlugins.PluginHost);
        using var cockpit = new HeadlessCockpit(board, control);
        engine.Start();
        try
        {
            WaitFor(() => board.Latest.Tick > 3, "ticking");
            Assert.Contains("RUNNING", cockpit.Screen()[0]);

            cockpit.Key(Key.Space);
            WaitFor(() => board.Latest.Paused, "the pause");
            var paused = cockpit.Screen();
            var pausedAt = TickOnScreen(paused);
            Assert.Contains("PAUSED", paused[0]);
            Assert.Contains("pause: ok", HeadlessCockpit.Show(paused));
            Thread.Sleep(300); // 150 ticks' worth at 500/s
            Assert.Equal(pausedAt, TickOnScreen(cockpit.Screen()));

            cockpit.Key(Key.Space);
            WaitFor(() => board.Latest.Tick > pausedAt + 5, "ticking again");
            var resumed = cockpit.Screen();
            Assert.True(TickOnScreen(resumed) > pausedAt, HeadlessCockpit.Show(resumed));
            Assert.Contains("RUNNING", resumed[0]);
            Assert.Contains("resume: ok", HeadlessCockpit.Show(resumed));
        }
        finally
        {
            engine.Dispose();
        }
    }

    [Fact]
    public void ADroppedInModelAppearsInTheModelTableAndActivatingItGoesThroughTheControlPath()
    {
        var board = new SnapshotBoard();
        var only = KnownState() with { Models = [KnownState().Models[0]] };
        board.Post(only);
        var handler = new RecordingHandler();
        using var cockpit = new HeadlessCockpit(board, handler);
        cockpit.Key(new Key('2'));
        Assert.DoesNotContain(cockpit.Screen(), l => l.Contains("master") && l.Contains("challenger"));

        board.Post(KnownState()); // the host loaded a second model
        Assert.Contains(cockpit.Screen(), l => l.Contains("master") && l.Contains("challenger"));
        cockpit.Key(Key.CursorDown);
        cockpit.Key(new Key('a'));

        var activate = Assert.Single(handler.Seen);
        Assert.Equal(CommandKinds.ActivateModel, activate.Kind);
        Assert.Equal("master", activate.Model);
        Assert.Contains("activate-model: master has no fitted version yet (fitting)", HeadlessCockpit.Show(cockpit.Screen()));
    }

    [Fact]
    public void TheNavChartDrawsARisingNavAboveAFlatBenchmark()
    {
        var board = new SnapshotBoard();
        board.Post(KnownState());
        using var cockpit = new HeadlessCockpit(board, new RecordingHandler(), width: 100, height: 30);
        var screen = cockpit.Screen();
        var title = Array.FindIndex(screen, l => l.Contains("NAV * vs benchmark ."));
        Assert.True(title >= 0, HeadlessCockpit.Show(screen));
        int left = screen[title].IndexOf("NAV * vs", StringComparison.Ordinal) - 2, right = screen[title].IndexOf("Portfolio", StringComparison.Ordinal);
        // Rows of the chart's '*' (NAV) at its first and last drawn column: NAV rose, so the last is higher on screen.
        var marks = Enumerable.Range(title + 1, screen.Length - title - 1)
            .SelectMany(r => Enumerable.Range(left, right - left).Where(c => screen[r][c] == '*').Select(c => (r, c))).ToList();
        Assert.True(marks.Count > 10, $"the NAV line is missing:\n{HeadlessCockpit.Show(screen)}");
        var first = marks.MinBy(m => m.c);
        var last = marks.MaxBy(m => m.c);
        Assert.True(last.r < first.r, $"NAV rose but its line does not climb:\n{HeadlessCockpit.Show(screen)}");
        Assert.Contains(Enumerable.Range(title + 1, 10), r => screen[r][left..right].Contains('.')); // the flat benchmark
    }

    [Theory]
    [InlineData(120, 40, 80, 24)]
    [InlineData(80, 24, 160, 50)]
    public void AResizeKeepsEngineLineViewsAndFooterReadable(int width, int height, int newWidth, int newHeight)
    {
        var board = new SnapshotBoard();
        board.Post(KnownState());
        using var cockpit = new HeadlessCockpit(board, new RecordingHandler(), width: width, height: height);
        cockpit.Screen();
        cockpit.Resize(newWidth, newHeight);
        var screen = cockpit.Screen();
        Assert.Equal(newHeight, screen.Length);
        Assert.StartsWith("AlphaHost  tick 123/250  2024-01-31  RUNNING", screen[0]);
        Assert.StartsWith("[1 Overview]  2 Models   3 Plugins   4 Portfolio", screen[1]);
        Assert.Equal(CockpitKeys.Help, screen[^1].TrimEnd());
        Assert.Contains(screen, l => l.Contains("gru") && l.Contains("champion") && l.Contains("0.0500"));
        Assert.Contains(screen, l => l.Contains("turnover 12.50%"));
        Assert.Contains(screen, l => l.Contains("master fit 4: epoch 3/10"));
    }

    [Fact]
    public void ThePluginsViewListsEveryPluginWithItsLastError()
    {
        var board = new SnapshotBoard();
        board.Post(KnownState());
        using var cockpit = new HeadlessCockpit(board, new RecordingHandler());
        cockpit.Key(new Key('3'));
        cockpit.Key(Key.CursorDown);
        var screen = cockpit.Screen();
        Assert.Contains(screen, l => l.Contains("gru") && l.Contains("Model") && l.Contains("built-in") && l.Contains("Loaded"));
        Assert.Contains(screen, l => l.Contains("master: shape mismatch"));
    }
}
