using AlphaHost.Host.Bus;
using AlphaHost.Host.Panel;
using Spectre.Console;

namespace AlphaHost.Host.Tests.Panel;

internal static class PanelTestKit
{
    /// <summary>A plain-text Spectre console of fixed width over a StringWriter: no colour, no ANSI codes.</summary>
    public static (IAnsiConsole Console, StringWriter Text) TextConsole(int width = 120)
    {
        var text = new StringWriter { NewLine = "\n" };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = width;
        console.Profile.Height = 60;
        console.Profile.Capabilities.Unicode = true;
        return (console, text);
    }

    public static PanelSnapshot KnownState() => new()
    {
        TradingDate = new DateOnly(2024, 1, 31),
        Bar = 0,
        Tick = 123,
        Speed = 8,
        Paused = false,
        UniverseSize = 5000,
        ActiveModel = "gru",
        Models = ["gru", "master"],
        Plugins =
        [
            new PluginRow("gru", "1.2.0", "Model", LoadState.Loaded),
            new PluginRow("master", "0.9.0", "Model", LoadState.Failed, "shape mismatch"),
        ],
        Training = new TrainingView("master", 3, 10, 0.0123456, "rank_icir", [0.1, 0.3, 0.2]),
        TopScores = [new ScoreRow("600000.SH", 2.5f), new ScoreRow("000001.SZ", 1.25f)],
        BottomScores = [new ScoreRow("300750.SZ", -3f)],
        DailyIc = [0.02, 0.04, 0.06, 0.08],
        IcWindow = 2,
        Nav = 1_023_456.78m,
        BenchmarkNav = 1_000_000m,
        Turnover = 0.125,
        Bus = new BusStats(Published: 40, QueueDrops: 1, Subscriptions: 3, BadSubscriberFrames: 0, Failure: null),
        RecentErrors = ["plugin master: shape mismatch"],
    };
}
