using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AlphaHost.Host.Tests;

/// <summary>An ILogger that keeps every line (message + exception text) for assertions.</summary>
public sealed class TestLog : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Text)> Lines => _lines.ToArray();

    public IEnumerable<string> Errors => Lines.Where(l => l.Level >= LogLevel.Error).Select(l => l.Text);

    public bool Contains(string fragment) => Lines.Any(l => l.Text.Contains(fragment, StringComparison.Ordinal));

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue((logLevel, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
}
