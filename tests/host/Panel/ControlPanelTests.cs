using System.Collections.Concurrent;
using AlphaHost.Host.Bus;
using AlphaHost.Host.Panel;
using static AlphaHost.Host.Tests.Panel.PanelTestKit;

namespace AlphaHost.Host.Tests.Panel;

public class ControlPanelTests
{
    private sealed class ScriptedKeys(params char[] keys) : IKeySource
    {
        private readonly ConcurrentQueue<char> _keys = new(keys);
        public char? TryRead() => _keys.TryDequeue(out var key) ? key : null;
    }

    private sealed class RecordingHandler : IControlHandler
    {
        public ConcurrentQueue<Command> Seen { get; } = new();
        public Reply Handle(Command command)
        {
            Seen.Enqueue(command);
            return new Reply { Ok = true };
        }
    }

    [Fact]
    public void LivePanelSendsKeyCommandsAndStopsOnQ()
    {
        var board = new SnapshotBoard();
        board.Post(KnownState());
        var handler = new RecordingHandler();
        var (console, text) = TextConsole();

        using var panel = ControlPanel.StartLive(board, handler, console, new ScriptedKeys('n', 'x', ' ', 'q', 'n'), TimeSpan.FromMilliseconds(10));

        Assert.True(panel.WaitForExit(TimeSpan.FromSeconds(10)), "the panel should stop by itself after q");
        Assert.True(panel.QuitRequested);
        Assert.Equal(
            [CommandKinds.Step, CommandKinds.Pause, CommandKinds.Shutdown],
            handler.Seen.Select(c => c.Kind)); // 'x' means nothing; keys after q are not read
        Assert.Contains("tick 123", text.ToString());
    }

    [Fact]
    public void PlainModeWritesTheStatusLineAtOnce()
    {
        var board = new SnapshotBoard();
        board.Post(KnownState());
        var output = new StringWriter { NewLine = "\n" };

        using (ControlPanel.StartPlain(board, new RecordingHandler(), output, TimeSpan.FromHours(1)))
        {
            // The first line is written when the panel starts; wait for it (bounded).
            for (var i = 0; i < 2000 && output.ToString().Length == 0; i++) Thread.Sleep(5);
        }

        Assert.Equal(PlainStatusLine.Format(KnownState()) + "\n", output.ToString());
    }

    [Fact]
    public void BoardHandsOverTheLatestSnapshot()
    {
        var board = new SnapshotBoard();
        Assert.Equal(0, board.Latest.Tick);
        board.Post(new PanelSnapshot { Tick = 1 });
        board.Post(new PanelSnapshot { Tick = 2 });
        Assert.Equal(2, board.Latest.Tick);
    }
}
