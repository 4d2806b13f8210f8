using System.Text;
using Microsoft.Extensions.Logging;

namespace AlphaHost.Host.Panel;

/// <summary>
/// The run's recent log lines, newest last, kept for the cockpit's log view. While the cockpit owns
/// the terminal, lines must not reach stdout (they would tear the screen); in plain mode they are
/// echoed. As an <see cref="ILogger"/> it takes the engine's warnings and errors (faulty systems).
/// </summary>
public sealed class RecentLog(int capacity = 200, TextWriter? echo = null) : ILogger
{
    private readonly Queue<string> _lines = new();
    private readonly List<string> _problems = [];

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity) _lines.Dequeue();
        }
        echo?.WriteLine(line);
    }

    /// <summary>A copy of the lines kept, oldest first.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_lines) return _lines.ToArray();
    }

    /// <summary>Warnings and errors only (the last <paramref name="count"/>), oldest first.</summary>
    public IReadOnlyList<string> Problems(int count = 10)
    {
        lock (_lines) return _problems.TakeLast(count).ToArray();
    }

    /// <summary>A writer whose every line lands here.</summary>
    public TextWriter Writer => new LineWriter(this);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var line = $"{(logLevel >= LogLevel.Error ? "error" : "warning")}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.Message})")}";
        lock (_lines) _problems.Add(line);
        Add(line);
    }

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    private sealed class LineWriter(RecentLog log) : TextWriter
    {
        private readonly StringBuilder _pending = new();
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_pending)
            {
                if (value == '\n')
                {
                    log.Add(_pending.ToString().TrimEnd('\r'));
                    _pending.Clear();
                }
                else _pending.Append(value);
            }
        }
    }
}
