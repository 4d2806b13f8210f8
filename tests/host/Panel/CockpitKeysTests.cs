using AlphaHost.Host.Panel;
using AlphaHost.Sdk.Protocol;

namespace AlphaHost.Host.Tests.Panel;

public class KeyBindingsTests
{
    private static readonly PanelSnapshot Running = new() { Speed = 8, ActiveModel = "gru", Models = ["gru", "master", "alphanet"] };

    [Fact]
    public void EachKeyMapsToItsCommand()
    {
        Assert.Equal(Command.KindOneofCase.Pause, KeyBindings.ToCommand(' ', Running)!.KindCase);
        Assert.Equal(Command.KindOneofCase.Resume, KeyBindings.ToCommand(' ', Running with { Paused = true })!.KindCase);
        Assert.Equal(1U, KeyBindings.ToCommand('n', Running)!.Step.Ticks);
        Assert.Equal(16, KeyBindings.ToCommand('+', Running)!.SetSpeed.TicksPerSecond);
        Assert.Equal(4, KeyBindings.ToCommand('-', Running)!.SetSpeed.TicksPerSecond);
        Assert.Equal("", KeyBindings.ToCommand('r', Running)!.ReloadPlugin.Name);
        Assert.Equal("master", KeyBindings.ToCommand('m', Running)!.ActivateModel.Model);
        Assert.Equal("gru", KeyBindings.ToCommand('m', Running with { ActiveModel = "alphanet" })!.ActivateModel.Model);
        Assert.Equal(Command.KindOneofCase.Shutdown, KeyBindings.ToCommand('q', Running)!.KindCase);
        Assert.Null(KeyBindings.ToCommand('x', Running));
        Assert.Null(KeyBindings.ToCommand('m', new PanelSnapshot()));
    }

    [Theory]
    [InlineData(8, +1, 16)]
    [InlineData(64, +1, 0)]      // above 64/s: as fast as possible
    [InlineData(0, +1, 0)]       // already at the top
    [InlineData(0, -1, 64)]
    [InlineData(0.5, -1, 0.5)]   // already at the bottom
    [InlineData(10, -1, 4)]      // 10/s snaps to 8 first
    [InlineData(100, +1, 0)]     // 100/s snaps to 64
    public void SpeedMovesAlongTheLadder(double speed, int direction, double expected) =>
        Assert.Equal(expected, KeyBindings.NextSpeed(speed, direction));
}
