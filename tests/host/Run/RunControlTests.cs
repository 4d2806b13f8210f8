using AlphaHost.Host.Bus;
using AlphaHost.Host.Engine;
using AlphaHost.Host.Panel;
using AlphaHost.Host.Run;
using static AlphaHost.Host.Tests.Panel.PanelTestKit;

namespace AlphaHost.Host.Tests.Run;

/// <summary>The one command path of a run, shared by the cockpit keys and the control socket.</summary>
public sealed class RunControlTests : IDisposable
{
    private readonly TickEngine engine = new([], new EngineOptions { StartPaused = true });
    private readonly SnapshotBoard board = new();
    private readonly RunControl control;
    private int trainNow;

    public RunControlTests()
    {
        board.Post(KnownState());
        control = new RunControl(engine, board, () => trainNow++, "gru");
    }

    public void Dispose() => engine.Dispose();

    [Fact]
    public void ArgumentsTheSocketWouldRefuseAreRefusedHereTooWithTheSameReason()
    {
        var speed = control.Handle(new Command { Kind = CommandKinds.Speed, TicksPerSecond = -1 });
        Assert.False(speed.Ok);
        Assert.Equal(CommandRules.CheckArguments(new Command { Kind = CommandKinds.Speed, TicksPerSecond = -1 }).Error, speed.Error);
        Assert.False(control.Handle(new Command { Kind = CommandKinds.StartTraining }).Ok); // no model named
        Assert.Null(engine.Control.TicksPerSecond);
    }

    [Fact]
    public void TrainNowFitsTheRunsModelOnlyAndRefusesAnother()
    {
        var other = control.Handle(new Command { Kind = CommandKinds.StartTraining, Model = "master" });
        Assert.Equal("no model 'master' in this run (it trains gru)", other.Error);
        Assert.Equal(0, trainNow);
        Assert.True(control.Handle(new Command { Kind = CommandKinds.StartTraining, Model = "gru" }).Ok);
        Assert.Equal(1, trainNow);
    }

    [Fact]
    public void PluginsComeFromTheBoardAndShutdownReportsStopping()
    {
        var plugins = control.Handle(new Command { RequestId = 7, Kind = CommandKinds.Plugins });
        Assert.Equal(7UL, plugins.RequestId);
        Assert.Equal(["gru", "master"], plugins.Plugins!.Select(p => p.Name));
        Assert.Equal("failed", plugins.Plugins![1].State);

        Assert.True(control.Handle(new Command { Kind = CommandKinds.Shutdown }).Ok);
        Assert.Equal(RunStates.Stopping, control.Handle(new Command { Kind = CommandKinds.Status }).Status!.Mode);
    }

    [Fact]
    public void ModelAndPluginCommandsAreRefusedUntilThePluginHostRunsTheModels()
    {
        foreach (var kind in new[] { CommandKinds.ActivateModel, CommandKinds.Promote, CommandKinds.Retire })
            Assert.Equal($"{kind} is not available in this run", control.Handle(new Command { Kind = kind, Model = "gru" }).Error);
        Assert.False(control.Handle(new Command { Kind = CommandKinds.Reload }).Ok);
    }
}
