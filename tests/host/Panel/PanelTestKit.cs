using System.Text;
using AlphaHost.Host.Bus;
using AlphaHost.Host.Panel;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Time;

namespace AlphaHost.Host.Tests.Panel;

internal static class PanelTestKit
{
    public static CockpitSnapshot KnownState() => new()
    {
        TradingDate = new DateOnly(2024, 1, 31),
        Tick = 123,
        TotalTicks = 250,
        Speed = 8,
        UniverseSize = 5000,
        ActiveModel = "gru",
        Models =
        [
            new ModelRow("gru", 2, ModelRole.Champion, new DateOnly(2024, 1, 2), 0.05, 0.041) { State = "scoring", GradedDays = 40 },
            new ModelRow("master", 0, ModelRole.Challenger, null, null, null) { State = "fitting" },
        ],
        Plugins =
        [
            new PluginRow("gru", "1.2.0", "Model", LoadState.Loaded),
            new PluginRow("master", "0.9.0", "Model", LoadState.Failed, "shape mismatch", "plugins/bin/master", Faults: 1, Swaps: 2),
        ],
        Training = new TrainingView("master", 3, 10, 0.0123456, "rank_icir", [0.1, 0.3, 0.2])
        {
            Retrain = 4,
            Curve = [new EpochPoint(1, 0.02, 0.03, 0.1), new EpochPoint(2, 0.015, 0.025, 0.3), new EpochPoint(3, 0.0123456, 0.024, 0.2)],
        },
        TopScores = [new ScoreRow("600000.SH", 2.5f), new ScoreRow("000001.SZ", 1.25f)],
        BottomScores = [new ScoreRow("300750.SZ", -3f)],
        DailyIc = [0.02, 0.04, 0.06, 0.08],
        IcWindow = 2,
        Portfolio = new PortfolioView
        {
            Nav = 1_023_456.78m,
            BenchmarkNav = 1_000_000m,
            Series = Enumerable.Range(0, 50).Select(i => new NavMark(new DateOnly(2024, 1, 1).AddDays(i), 1_000_000m + 500m * i * i, 1_000_000m)).ToArray(),
            PositionCount = 2,
            Positions = [new HoldingRow("600000.SH", 1000, 12_000m)],
            FillsToday = 12,
            Turnover = 0.125,
            RefusedByRule = new Dictionary<string, int> { ["limit_up"] = 3, ["suspended"] = 1 },
        },
        Bus = new BusStats(Published: 40, QueueDrops: 1, Subscriptions: 3, BadSubscriberFrames: 0, Failure: null),
        RecentErrors = ["plugin master: shape mismatch"],
    };

    /// <summary>Records every command and answers like a run without a plugin host.</summary>
    public sealed class RecordingHandler : IControlHandler
    {
        public List<Command> Seen { get; } = [];
        public Reply Handle(Command command)
        {
            Seen.Add(command);
            return command.Kind is CommandKinds.ActivateModel or CommandKinds.Promote
                ? new Reply { Ok = false, Error = $"{command.Model} has no fitted version yet (fitting); promote it once it scores" }
                : new Reply { Ok = true };
        }
    }
}

/// <summary>
/// The real cockpit in a real Terminal.Gui application, headless: the ANSI driver on virtual time,
/// keys injected, the screen read back from the driver's cells. The main loop is not run; the test
/// calls the refresh the timer would.
/// </summary>
internal sealed class HeadlessCockpit : IDisposable
{
    private readonly Action _refresh;

    public HeadlessCockpit(SnapshotBoard board, IControlHandler commands, RecentLog? log = null, int width = 80, int height = 24)
    {
        App = Application.Create(Time);
        App.Init(DriverRegistry.Names.ANSI);
        App.Driver!.SetScreenSize(width, height);
        Window = new CockpitWindow(commands);
        _refresh = ControlPanel.Wire(App, Window, board, log ?? new RecentLog());
        App.Begin(Window);
    }

    public VirtualTimeProvider Time { get; } = new();
    public IApplication App { get; }
    public CockpitWindow Window { get; }

    public void Key(Terminal.Gui.Input.Key key) => Terminal.Gui.Testing.InputInjectionExtensions.InjectKey(App, key);

    public void Resize(int width, int height) => App.Driver!.SetScreenSize(width, height);

    /// <summary>Reads the board as the timer would, draws, and returns the screen's lines.</summary>
    public string[] Screen()
    {
        Time.Advance(ControlPanel.Refresh);
        _refresh();
        App.LayoutAndDraw(true);
        var cells = App.Driver!.Contents!;
        var lines = new string[cells.GetLength(0)];
        for (var r = 0; r < lines.Length; r++)
        {
            var line = new StringBuilder();
            for (var c = 0; c < cells.GetLength(1); c++) line.Append(cells[r, c].Grapheme is { Length: > 0 } g ? g : " ");
            lines[r] = line.ToString();
        }
        return lines;
    }

    public static string Show(string[] screen) => string.Join("\n", screen);

    public void Dispose()
    {
        Window.Dispose();
        App.Dispose();
    }
}
