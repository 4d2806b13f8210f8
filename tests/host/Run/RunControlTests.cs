using AlphaHost.Host.Bus;
using AlphaHost.Host.Engine;
using AlphaHost.Host.Panel;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Run;
using static AlphaHost.Host.Tests.Panel.PanelTestKit;

namespace AlphaHost.Host.Tests.Run;

/// <summary>The one command path of a run, shared by the cockpit keys and the control socket.</summary>
public sealed class RunControlTests : IDisposable
{
    private readonly TickEngine engine = new([], new EngineOptions { StartPaused = true });
    private readonly SnapshotBoard board = new();
    private readonly LiveModels models = new(5, [], []);
    private readonly RunControl control;

    public RunControlTests()
    {
        board.Post(KnownState());
        models.Activate(new PluginChoice("mlp"), ModelRole.Champion, fitNow: false);
        control = new RunControl(engine, board, models, TestPlugins.PluginHost);
        engine.Start(); // paused: it applies commands between ticks but runs none
    }

    public void Dispose()
    {
        engine.Dispose();
        models.Dispose();
    }

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
    public void StartTrainingAsksALiveModelForAFitAndRefusesAnUnknownOne()
    {
        var other = control.Handle(new Command { Kind = CommandKinds.StartTraining, Model = "master" });
        Assert.Equal("no live model 'master'; live: mlp", other.Error);
        Assert.False(models.Find("mlp")!.RefitWanted);
        Assert.True(control.Handle(new Command { Kind = CommandKinds.StartTraining, Model = "mlp" }).Ok);
        Assert.True(models.Find("mlp")!.RefitWanted);
    }

    [Fact]
    public void ActivateMakesALoadedModelAChallengerAndRefusesWhatIsNotAModel()
    {
        var typo = control.Handle(new Command { Kind = CommandKinds.ActivateModel, Model = "alphanet_v9" });
        Assert.False(typo.Ok);
        Assert.StartsWith("activate-model: no Model plugin named 'alphanet_v9'; did you mean 'alphanet_v1'?", typo.Error);
        Assert.Contains("is a Loss plugin, not a Model", control.Handle(new Command { Kind = CommandKinds.ActivateModel, Model = "wpcc" }).Error);

        var reply = control.Handle(new Command { Kind = CommandKinds.ActivateModel, Model = "gru" });
        Assert.True(reply.Ok, reply.Error);
        var gru = models.Find("gru")!;
        Assert.Equal((ModelRole.Challenger, true), (gru.Role, gru.RefitWanted));
        Assert.Contains(reply.Status!.Models, m => m.Name == "gru" && m.Role == "challenger");
        Assert.Equal("gru is already live (challenger, fitting)".Replace("fitting", gru.State), control.Handle(new Command { Kind = CommandKinds.ActivateModel, Model = "gru" }).Error);
    }

    [Fact]
    public void PromoteNeedsAFittedChallengerAndRetireNeverLeavesTheRunWithoutAChampion()
    {
        Assert.True(control.Handle(new Command { Kind = CommandKinds.ActivateModel, Model = "gru" }).Ok);
        Assert.Equal("gru has no fitted version yet (waiting for history); promote it once it scores",
            control.Handle(new Command { Kind = CommandKinds.Promote, Model = "gru" }).Error);
        Assert.Equal("mlp is the champion; promote another model first", control.Handle(new Command { Kind = CommandKinds.Retire, Model = "mlp" }).Error);
        Assert.True(control.Handle(new Command { Kind = CommandKinds.Retire, Model = "gru" }).Ok);
        Assert.Equal(ModelRole.Retired, models.Find("gru")!.Role);
        Assert.Equal("no live model 'gru'; live: mlp", control.Handle(new Command { Kind = CommandKinds.Promote, Model = "gru" }).Error);
    }

    [Fact]
    public void PluginsComeFromTheRegistryAndShutdownReportsStopping()
    {
        var plugins = control.Handle(new Command { RequestId = 7, Kind = CommandKinds.Plugins });
        Assert.Equal(7UL, plugins.RequestId);
        Assert.Contains(plugins.Plugins!, p => p.Name == "mlp" && p.Family == "Model" && p.State == "loaded");
        Assert.Contains(plugins.Plugins!, p => p.Name == "buffered_top_n" && p.Family == "Portfolio");

        Assert.True(control.Handle(new Command { Kind = CommandKinds.Shutdown }).Ok);
        Assert.Equal(RunStates.Stopping, control.Handle(new Command { Kind = CommandKinds.Status }).Status!.Mode);
    }

    [Fact]
    public void ReloadOfAnUnknownPluginIsRefusedWithTheReason()
    {
        var reply = control.Handle(new Command { Kind = CommandKinds.Reload, Name = "no_such_plugin" });
        Assert.False(reply.Ok);
        Assert.StartsWith("no plugin 'no_such_plugin' in ", reply.Error);
    }
}
