using System.Diagnostics;
using AlphaHost.Host.Bus;
using Terminal.Gui.App;

namespace AlphaHost.Host.Panel;

/// <summary>
/// Runs the control panel on its own thread: the Terminal.Gui cockpit when stdin and stdout are a
/// terminal, otherwise a plain status line every <c>logInterval</c>. It only reads the
/// <see cref="SnapshotBoard"/> and the <see cref="RecentLog"/>, and hands key commands to the
/// <see cref="IControlHandler"/> (which queues them), so the engine loop never waits for it.
/// </summary>
public sealed class ControlPanel : IDisposable
{
    /// <summary>Redraws at most this often (10 a second).</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _started = new();
    private IApplication? _app;
    private CockpitWindow? _window;
    private bool _disposed;

    private ControlPanel(Action<ControlPanel> body)
    {
        _thread = new Thread(() => body(this)) { IsBackground = true, Name = "alphahost-control-panel" };
        _thread.Start();
    }

    /// <summary>Whether this process can show the cockpit: both ends are a terminal.</summary>
    public static bool CanRunLive => !Console.IsOutputRedirected && !Console.IsInputRedirected;

    public bool IsLive { get; private init; }

    public static ControlPanel StartLive(SnapshotBoard board, IControlHandler commands, RecentLog log)
    {
        var panel = new ControlPanel(p => p.RunLive(board, commands, log)) { IsLive = true };
        panel._started.Wait(TimeSpan.FromSeconds(10));
        return panel;
    }

    public static ControlPanel StartPlain(SnapshotBoard board, TextWriter output, TimeSpan interval) =>
        new(p => p.RunPlain(board, output, interval));

    /// <summary>True once `q` was pressed (the Shutdown command was handed over).</summary>
    public bool QuitRequested => _window?.QuitRequested == true;

    private void RunLive(SnapshotBoard board, IControlHandler commands, RecentLog log)
    {
        try
        {
            using var app = Application.Create();
            app.Init();
            using var window = new CockpitWindow(commands);
            _app = app;
            _window = window;
            Wire(app, window, board, log);
            _started.Set();
            if (!_stop.IsCancellationRequested) app.Run(window);
        }
        catch (Exception e)
        {
            log.Add($"error: control panel failed ({e.Message}); the run goes on without it");
        }
        finally
        {
            _started.Set();
        }
    }

    /// <summary>
    /// Feeds keys and snapshots to <paramref name="window"/>: a timer reads the board at most every
    /// <see cref="Refresh"/>. Returns that timer's body (tests call it instead of waiting).
    /// </summary>
    public static Action Wire(IApplication app, CockpitWindow window, SnapshotBoard board, RecentLog log, Func<TimeSpan>? clock = null)
    {
        var watch = Stopwatch.StartNew();
        var rate = new TickRate(clock ?? (() => watch.Elapsed));
        app.Keyboard.KeyDown += (_, key) =>
        {
            if (key.AsRune.Value is > 0 and < char.MaxValue && window.HandleKey((char)key.AsRune.Value)) key.Handled = true;
        };
        void Refresh()
        {
            var latest = board.Latest;
            window.Show(latest, rate.Sample(latest.Tick), log.Lines());
        }
        app.AddTimeout(ControlPanel.Refresh, () =>
        {
            Refresh();
            return true;
        });
        Refresh();
        return Refresh;
    }

    private void RunPlain(SnapshotBoard board, TextWriter output, TimeSpan interval)
    {
        do output.WriteLine(PlainStatusLine.Format(board.Latest));
        while (!_stop.Token.WaitHandle.WaitOne(interval));
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the panel thread to end by itself (after `q`).</summary>
    public bool WaitForExit(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>Closes the cockpit (the terminal is restored) or stops the plain lines.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        if (_app is { } app && _thread.IsAlive) app.Invoke(() => app.RequestStop());
        _thread.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
        _started.Dispose();
    }
}

/// <summary>Ticks per second measured over the last two seconds of samples.</summary>
public sealed class TickRate(Func<TimeSpan> clock)
{
    private readonly Queue<(TimeSpan At, long Tick)> _samples = new();

    public double Sample(long tick)
    {
        var now = clock();
        _samples.Enqueue((now, tick));
        while (_samples.Count > 2 && now - _samples.Peek().At > TimeSpan.FromSeconds(2)) _samples.Dequeue();
        var (at, first) = _samples.Peek();
        var seconds = (now - at).TotalSeconds;
        return seconds <= 0 ? 0 : (tick - first) / seconds;
    }
}
