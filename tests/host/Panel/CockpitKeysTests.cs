using AlphaHost.Host.Panel;
using AlphaHost.Sdk.Protocol;

namespace AlphaHost.Host.Tests.Panel;

public class CockpitKeysTests
{
    private static readonly CockpitSnapshot Running = new() { Speed = 8, ActiveModel = "gru" };
    private static readonly CockpitSelection OnMaster = new("master", "wpcc");

    [Fact]
    public void EachKeyMapsToItsCommand()
    {
        Assert.Equal(Command.KindOneofCase.Pause, CockpitKeys.ToCommand(' ', Running, OnMaster)!.KindCase);
        Assert.Equal(Command.KindOneofCase.Resume, CockpitKeys.ToCommand(' ', Running with { Phase = RunPhase.Paused }, OnMaster)!.KindCase);
        Assert.Equal(1U, CockpitKeys.ToCommand('n', Running, OnMaster)!.Step.Ticks);
        Assert.Equal(16, CockpitKeys.ToCommand('+', Running, OnMaster)!.SetSpeed.TicksPerSecond);
        Assert.Equal(4, CockpitKeys.ToCommand('-', Running, OnMaster)!.SetSpeed.TicksPerSecond);
        Assert.Equal("master", CockpitKeys.ToCommand('t', Running, OnMaster)!.StartTraining.Model);
        Assert.Equal("gru", CockpitKeys.ToCommand('t', Running, new())!.StartTraining.Model);
        Assert.Equal("wpcc", CockpitKeys.ToCommand('r', Running, OnMaster)!.ReloadPlugin.Name);
        Assert.Equal("", CockpitKeys.ToCommand('r', Running, new())!.ReloadPlugin.Name);
        Assert.Equal("master", CockpitKeys.ToCommand('a', Running, OnMaster)!.ActivateModel.Model);
        Assert.Equal("master", CockpitKeys.ToCommand('p', Running, OnMaster)!.PromoteModel.Model);
        Assert.Equal("master", CockpitKeys.ToCommand('x', Running, OnMaster)!.RetireModel.Model);
        Assert.Equal(Command.KindOneofCase.Shutdown, CockpitKeys.ToCommand('q', Running, OnMaster)!.KindCase);
        Assert.Null(CockpitKeys.ToCommand('z', Running, OnMaster));
        Assert.Null(CockpitKeys.ToCommand('a', Running, new()));
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
