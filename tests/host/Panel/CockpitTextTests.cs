using AlphaHost.Host.Bus;
using AlphaHost.Host.Panel;
using static AlphaHost.Host.Tests.Panel.PanelTestKit;

namespace AlphaHost.Host.Tests.Panel;

public class CockpitTextTests
{
    [Fact]
    public void EngineLineShowsTickOfTotalAndNoDailyBar() =>
        Assert.Equal("tick 123/250  2024-01-31  RUNNING  speed 8/s  2.5 t/s  universe 5000", CockpitText.Engine(KnownState(), 2.5));

    [Fact]
    public void TheTitleGivesWayWhenTheTopLineWouldNotFit()
    {
        var late = KnownState() with { Tick = 1234, TotalTicks = 1500 };
        var engine = CockpitText.Engine(late, 59.1); // 71 characters
        Assert.Equal("AlphaHost  " + engine, CockpitText.TopLine(late, 59.1, 82));
        Assert.Equal(engine, CockpitText.TopLine(late, 59.1, 81));
    }

    [Fact]
    public void LogTailCutsLongLinesAndKeepsTheNewestLineWhole()
    {
        string[] log = ["old", "first line is ten chars long", "newest"];
        Assert.Equal(["ars long", "newest"], CockpitText.Tail(log, 10, 2));
        Assert.Equal(["first line", " is ten ch", "ars long", "newest"], CockpitText.Tail(log, 10, 4));
        Assert.Equal(["", "newest"], CockpitText.Tail(["", "newest"], 10, 5));
    }

    [Fact]
    public void EngineLineSaysFinishedAfterTheLastTick() =>
        Assert.Contains("FINISHED", CockpitText.Engine(KnownState() with { Phase = RunPhase.Finished }, 0));

    [Fact]
    public void TrainingLineCountsEpochsOfThePlannedTotal() =>
        Assert.Equal("master fit 4: epoch 3/10  train 0.0123 valid 0.0240 rank_icir 0.2000", CockpitText.Training(KnownState().Training));

    [Fact]
    public void ModelAndPluginRowsCarryEveryColumn()
    {
        Assert.Equal(["gru", "v2", "champion", "2024-01-02", "0.0500", "0.0410", "scoring"], CockpitText.ModelCells(KnownState().Models[0]));
        Assert.Equal(["master", "-", "challenger", "-", "-", "-", "faulted: scoring threw"],
            CockpitText.ModelCells(KnownState().Models[1] with { State = "faulted", Fault = "scoring threw" }));
        Assert.Equal(["master", "Model", "0.9.0", "plugins/bin/master", "Failed", "1", "2", "shape mismatch"], CockpitText.PluginCells(KnownState().Plugins[1]));
    }

    [Fact]
    public void PortfolioLinesShowTurnoverFillsAndRefusalsByRule()
    {
        // 1,023,456.78 / 1,000,000 − 1 = +2.35%
        Assert.Equal(
            ["NAV 1,023,456.78  bench 1,000,000.00  excess +2.35%", "positions 2  fills today 12  turnover 12.50%", "refused by rule: limit_up 3, suspended 1"],
            CockpitText.Portfolio(KnownState().Portfolio));
        Assert.Equal("bus: subscribers 3  published 40  drops 1", CockpitText.Bus(KnownState()));
    }

    [Fact]
    public void PlainLineCarriesTheSameNumbers() =>
        Assert.Equal(
            "2024-01-31 tick 123/250 running speed 8/s universe 5000 model gru training master 3/10 loss 0.012346 " +
            "RankIC 0.0800 mean(2) 0.0700 NAV 1023456.78 bench 1000000.00 turnover 12.50% subs 3 queue drops 1 last error: plugin master: shape mismatch",
            PlainStatusLine.Format(KnownState()));

    [Fact]
    public void SnapshotMapsToTheWireStatus()
    {
        var status = KnownState().ToStatus();
        Assert.Equal("2024-01-31", status.TradingDate);
        Assert.Equal(123L, status.Tick);
        Assert.Equal(RunStates.Running, status.Mode);
        Assert.Equal(["gru", "master"], status.Models.Select(m => m.Name));
        Assert.Equal(["champion", "challenger"], status.Models.Select(m => m.Role));
        Assert.Equal(("2024-01-02", 0.041, 40, "scoring"), (status.Models[0].FittedOn, status.Models[0].RankIcToDate, status.Models[0].GradedDays, status.Models[0].State));
        Assert.Equal(("", (double?)null, "fitting"), (status.Models[1].FittedOn, status.Models[1].RankIcToDate, status.Models[1].State));
        Assert.Equal((1, 2), (status.Plugins[1].Faults, status.Plugins[1].Swaps));
        Assert.Equal(3, status.Bus.Subscriptions);
        Assert.Equal(40L, status.Bus.Published);
        Assert.Equal(1L, status.Bus.QueueDrops);
        Assert.Equal("shape mismatch", status.Plugins[1].Error);
        Assert.Equal("failed", status.Plugins[1].State);
        Assert.Equal(10, status.Training!.Epochs);
        Assert.Equal(new[] { 0.1, 0.3, 0.2 }, status.Training.Validation);
        Assert.Equal(RunStates.Paused, (KnownState() with { Phase = RunPhase.Paused }).ToStatus().Mode);
        Assert.Equal(RunStates.Stopping, (KnownState() with { Phase = RunPhase.Stopping }).ToStatus().Mode);
        Assert.Equal(RunStates.Finished, (KnownState() with { Phase = RunPhase.Finished }).ToStatus().Mode);
        Assert.Null((KnownState() with { Training = KnownState().Training! with { Done = true } }).ToStatus().Training);
    }

    [Fact]
    public void StatusFillsEveryFieldOfTheWireMessage()
    {
        var state = KnownState() with { Bar = 2, Bus = KnownState().Bus! with { BadSubscriberFrames = 5 } };
        var status = state.ToStatus();

        // Every key of Status and of what it nests is set (sequence and send time are the publisher's to stamp).
        AllSet(status, nameof(BusMessage.Sequence), nameof(BusMessage.SentUnixMicros));
        AllSet(status.Bus);
        AllSet(status.Training!);
        AllSet(status.Plugins[1]);
        Assert.Equal((2, 8.0, 5000, "gru"), (status.Bar, status.Speed, status.UniverseSize, status.ActiveModel));
        Assert.Equal(["plugin master: shape mismatch"], status.RecentErrors);
        Assert.Equal(5L, status.Bus.BadSubscriberFrames);
        Assert.Equal(("master", "0.9.0", "Model"), (status.Plugins[1].Name, status.Plugins[1].Version, status.Plugins[1].Family));
        Assert.Equal(("master", 3, 0.0123456, "rank_icir"), (status.Training!.Model, status.Training.Epoch, status.Training.Loss, status.Training.ValidationMetric));
        Assert.Equal(["gru", "master"], status.Plugins.Select(p => p.Name));
    }

    [Fact]
    public void StatusBeforeTheFirstTickHasNoTradingDate() =>
        Assert.Equal("", new CockpitSnapshot { ActiveModel = "gru" }.ToStatus().TradingDate);

    /// <summary>Fails naming each MessagePack key of <paramref name="message"/> left at its default (0, "", empty, null).</summary>
    private static void AllSet(object message, params string[] except)
    {
        var unset = message.GetType().GetProperties()
            .Where(p => p.GetCustomAttributes(typeof(MessagePack.KeyAttribute), true).Length > 0 && !except.Contains(p.Name))
            .Where(p => p.GetValue(message) switch
            {
                null => true,
                string text => text.Length == 0,
                System.Collections.ICollection list => list.Count == 0,
                var value when value.GetType().IsValueType => value.Equals(Activator.CreateInstance(value.GetType())),
                _ => false,
            })
            .Select(p => p.Name).ToList();
        Assert.True(unset.Count == 0, $"{message.GetType().Name} leaves unset: {string.Join(", ", unset)}");
    }

    [Fact]
    public void PlainModeWritesTheStatusLineAtOnce()
    {
        var board = new SnapshotBoard();
        board.Post(KnownState());
        var output = new StringWriter { NewLine = "\n" };
        using (ControlPanel.StartPlain(board, output, TimeSpan.FromHours(1)))
            for (var i = 0; i < 2000 && output.ToString().Length == 0; i++) Thread.Sleep(5); // the first line comes at start (bounded wait)
        Assert.Equal(PlainStatusLine.Format(KnownState()) + "\n", output.ToString());
    }

    [Fact]
    public void RecentLogKeepsTheNewestLinesAndProblemsApart()
    {
        var log = new RecentLog(capacity: 2);
        log.Writer.Write("one\ntwo\nthree\n");
        Microsoft.Extensions.Logging.LoggerExtensions.LogError(log, "system {Name} failed", "scoring");
        Assert.Equal(["three", "error: system scoring failed"], log.Lines());
        Assert.Equal(["error: system scoring failed"], log.Problems());
    }
}
