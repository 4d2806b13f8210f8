using AlphaHost.Host.Panel;
using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Tests.Panel;

public class CockpitKeysTests
{
    private static readonly CockpitSnapshot Running = new() { Speed = 8, ActiveModel = "gru" };
    private static readonly CockpitSelection OnMaster = new("master", "wpcc");

    [Fact]
    public void EachKeyMapsToItsCommand()
    {
        Assert.Equal(CommandKinds.Pause, CockpitKeys.ToCommand(' ', Running, OnMaster)!.Kind);
        Assert.Equal(CommandKinds.Resume, CockpitKeys.ToCommand(' ', Running with { Phase = RunPhase.Paused }, OnMaster)!.Kind);
        AssertCommand(CommandKinds.Step, c => Assert.Equal(1, c.Ticks), CockpitKeys.ToCommand('n', Running, OnMaster));
        AssertCommand(CommandKinds.Speed, c => Assert.Equal(16, c.TicksPerSecond), CockpitKeys.ToCommand('+', Running, OnMaster));
        AssertCommand(CommandKinds.Speed, c => Assert.Equal(4, c.TicksPerSecond), CockpitKeys.ToCommand('-', Running, OnMaster));
        AssertCommand(CommandKinds.StartTraining, c => Assert.Equal("master", c.Model), CockpitKeys.ToCommand('t', Running, OnMaster));
        AssertCommand(CommandKinds.StartTraining, c => Assert.Equal("gru", c.Model), CockpitKeys.ToCommand('t', Running, new()));
        AssertCommand(CommandKinds.Reload, c => Assert.Equal("wpcc", c.Name), CockpitKeys.ToCommand('r', Running, OnMaster));
        AssertCommand(CommandKinds.Reload, c => Assert.Equal("", c.Name), CockpitKeys.ToCommand('r', Running, new()));
        AssertCommand(CommandKinds.ActivateModel, c => Assert.Equal("master", c.Model), CockpitKeys.ToCommand('a', Running, OnMaster));
        AssertCommand(CommandKinds.Promote, c => Assert.Equal("master", c.Model), CockpitKeys.ToCommand('p', Running, OnMaster));
        AssertCommand(CommandKinds.Retire, c => Assert.Equal("master", c.Model), CockpitKeys.ToCommand('x', Running, OnMaster));
        Assert.Equal(CommandKinds.Shutdown, CockpitKeys.ToCommand('q', Running, OnMaster)!.Kind);
        Assert.Null(CockpitKeys.ToCommand('z', Running, OnMaster));
        Assert.Null(CockpitKeys.ToCommand('a', Running, new()));
    }

    [Fact]
    public void EveryKeyCommandIsWellFormedOnTheWire()
    {
        foreach (var key in " n+-traxpq")
            Assert.Equal(CommandProblem.None, CommandRules.CheckArguments(CockpitKeys.ToCommand(key, Running, OnMaster)!).Problem);
    }

    private static void AssertCommand(string kind, Action<Command> fields, Command? command)
    {
        Assert.Equal(kind, command?.Kind);
        fields(command!);
    }

    [Fact]
    public void FooterFitsEightyColumns() => Assert.True(CockpitKeys.Help.Length <= 80, CockpitKeys.Help);

    [Theory]
    [InlineData(8, +1, 16)]
    [InlineData(64, +1, 0)]      // above 64/s: as fast as possible
    [InlineData(0, +1, 0)]       // already at the top
    [InlineData(0, -1, 64)]
    [InlineData(0.5, -1, 0.5)]   // already at the bottom
    [InlineData(10, -1, 4)]      // 10/s snaps to 8 first
    [InlineData(100, +1, 0)]     // 100/s snaps to 64
    public void SpeedMovesAlongTheLadder(double speed, int direction, double expected) =>
        Assert.Equal(expected, CockpitKeys.NextSpeed(speed, direction));
}
