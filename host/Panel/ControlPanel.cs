using AlphaHost.Host.Bus;
using Spectre.Console;

namespace AlphaHost.Host.Panel;

/// <summary>Where panel keys come from: the console, or a script in tests.</summary>
public interface IKeySource
{
    /// <summary>A pressed key, or null if none is waiting. Never blocks.</summary>
    char? TryRead();
}

public sealed class ConsoleKeySource : IKeySource
{
    public char? TryRead() => Console.KeyAvailable ? Console.ReadKey(intercept: true).KeyChar : null;
}

/// <summary>
/// Runs the panel on its own thread: a live Spectre.Console dashboard with keys when stdout is a
/// terminal, otherwise a plain status line every <c>logInterval</c>. It only reads the
/// <see cref="SnapshotBoard"/> and hands key commands to the <see cref="IControlHandler"/>, so
/// the engine loop never waits for it.
/// </summary>
public sealed class ControlPanel : IDisposable
{
    private readonly SnapshotBoard _board;
    private readonly IControlHandler _commands;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private string _footer = "";

    private ControlPanel(SnapshotBoard board, IControlHandler commands, ThreadStart body)
    {
        _board = board;
        _commands = commands;
        _thread = new Thread(body) { IsBackground = true, Name = "alphahost-panel" };
    }

    /// <summary>Chooses live or plain by whether stdout is a terminal, and starts.</summary>
    public static ControlPanel Start(SnapshotBoard board, IControlHandler commands, TimeSpan? logInterval = null)
    {
        var interval = logInterval ?? TimeSpan.FromSeconds(10);
        return Console.IsOutputRedirected || Console.IsInputRedirected
            ? StartPlain(board, commands, Console.Out, interval)
            : StartLive(board, commands, AnsiConsole.Console, new ConsoleKeySource(), TimeSpan.FromMilliseconds(250));
    }

    public static ControlPanel StartLive(SnapshotBoard board, IControlHandler commands, IAnsiConsole console, IKeySource keys, TimeSpan refresh)
    {
        ControlPanel? panel = null;
        panel = new ControlPanel(board, commands, () => panel!.RunLive(console, keys, refresh));
        panel._thread.Start();
        return panel;
    }

    public static ControlPanel StartPlain(SnapshotBoard board, IControlHandler commands, TextWriter output, TimeSpan interval)
    {
        ControlPanel? panel = null;
        panel = new ControlPanel(board, commands, () => panel!.RunPlain(output, interval));
        panel._thread.Start();
        return panel;
    }

    /// <summary>True once `q` was pressed (the Shutdown command was handed over) and the panel stopped.</summary>
    public bool QuitRequested { get; private set; }

    private void RunLive(IAnsiConsole console, IKeySource keys, TimeSpan refresh)
    {
        console.Live(PanelRenderer.Render(_board.Latest, console.Profile.Width)).AutoClear(false).Start(live =>
        {
            while (!_stop.IsCancellationRequested)
            {
                while (keys.TryRead() is { } key)
                {
                    if (KeyBindings.ToCommand(key, _board.Latest) is not { } command) continue;
                    _footer = Send(command);
                    if (command.Kind == CommandKinds.Shutdown)
                    {
                        QuitRequested = true;
                        live.UpdateTarget(PanelRenderer.Render(_board.Latest, console.Profile.Width, _footer));
                        return;
                    }
                }
                live.UpdateTarget(PanelRenderer.Render(_board.Latest, console.Profile.Width, _footer.Length > 0 ? _footer + " · " + KeyBindings.Help : ""));
                live.Refresh();
                _stop.Token.WaitHandle.WaitOne(refresh);
            }
        });
    }

    private void RunPlain(TextWriter output, TimeSpan interval)
    {
        do output.WriteLine(PlainStatusLine.Format(_board.Latest));
        while (!_stop.Token.WaitHandle.WaitOne(interval));
    }

    private string Send(Command command)
    {
        try
        {
            var reply = _commands.Handle(command);
            return reply.Ok ? $"{command.Kind}: ok" : $"{command.Kind}: {reply.Error}";
        }
        catch (Exception e)
        {
            return $"{command.Kind} failed: {e.Message}";
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the panel thread to end by itself (after `q`).</summary>
    public bool WaitForExit(TimeSpan timeout) => _thread.Join(timeout);

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
