using Microsoft.Extensions.Logging;

namespace AlphaHost.Host.Plugins;

/// <summary>
/// Watches a plugins directory and reports which plugin path changed (a top-level folder or .cs
/// file), once per burst: a build copying ten files gives one report, <see cref="Debounce"/> after
/// the last write.
/// </summary>
public sealed class PluginWatcher : IDisposable
{
    private readonly string _root;
    private readonly Action<string> _changed;
    private readonly ILogger _log;
    private readonly FileSystemWatcher _watcher;
    private readonly Dictionary<string, Timer> _pending = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _disposed;

    public PluginWatcher(string root, TimeSpan debounce, Action<string> changed, ILogger log)
    {
        _root = Path.GetFullPath(root);
        Debounce = debounce;
        _changed = changed;
        _log = log;
        _watcher = new FileSystemWatcher(_root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Created += (_, e) => Touch(e.FullPath);
        _watcher.Changed += (_, e) => Touch(e.FullPath);
        _watcher.Deleted += (_, e) => Touch(e.FullPath);
        _watcher.Renamed += (_, e) => { Touch(e.OldFullPath); Touch(e.FullPath); };
        _watcher.Error += (_, e) => _log.LogWarning("plugin watcher on {Root} lost events ({Error}); reload plugins by hand", _root, e.GetException().Message);
        _watcher.EnableRaisingEvents = true;
    }

    public TimeSpan Debounce { get; }

    /// <summary>The plugin path a file belongs to: the top-level folder, or the .cs file itself; null for anything else.</summary>
    public static string? PluginPathOf(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file);
        if (relative.StartsWith("..", StringComparison.Ordinal) || relative == ".") return null;
        var first = relative.Split(Path.DirectorySeparatorChar)[0];
        var top = Path.Combine(root, first);
        if (first.Length != relative.Length) return top; // inside a plugin folder
        if (first.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)) return top;
        // A top-level entry: a folder (or one just deleted, which has no extension to tell).
        return Directory.Exists(top) || !Path.HasExtension(first) ? top : null;
    }

    private void Touch(string file)
    {
        if (PluginPathOf(_root, file) is not { } path) return;
        lock (_gate)
        {
            if (_disposed) return;
            if (_pending.TryGetValue(path, out var timer))
                timer.Change(Debounce, Timeout.InfiniteTimeSpan);
            else
                _pending[path] = new Timer(_ => Fire(path), null, Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire(string path)
    {
        lock (_gate)
        {
            if (_disposed || !_pending.Remove(path, out var timer)) return;
            timer.Dispose();
        }
        try
        {
            _changed(path);
        }
        catch (Exception e)
        {
            _log.LogError("plugin watcher: handling a change of {Path} failed: {Error}", path, e.ToString());
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var t in _pending.Values) t.Dispose();
            _pending.Clear();
        }
        _watcher.Dispose();
    }
}
