using AlphaHost.Sdk.Plugins;
using Microsoft.Extensions.Logging;

namespace AlphaHost.Host.Plugins;

/// <summary>What one reload did.</summary>
/// <param name="Swapped">The new version is active.</param>
/// <param name="Error">Why the new version was rejected (the previous one stays), or null.</param>
/// <param name="OldVersionCollected">After a swap or removal: whether the old context was garbage-collected; null if there was no old version.</param>
public sealed record ReloadOutcome(string Path, bool Swapped, string? Error, bool? OldVersionCollected);

/// <summary>
/// The plugin side of the host: loads every plugin under a directory (folders and .cs files, the
/// repo's built-in plugins included), watches it, and hot-swaps changed plugins. A new version is
/// built beside the old one off the loop thread, validated, then installed between ticks through
/// <c>atBoundary</c> (e.g. <c>engine.Control.AtBoundary</c>); the old version unloads and is
/// checked to be collected.
/// </summary>
public sealed class PluginHost : IDisposable
{
    private readonly PluginLoader _loader;
    private readonly Action<Action> _atBoundary;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _oneReloadAtATime = new(1);
    private PluginWatcher? _watcher;

    /// <param name="directory">The plugins directory (plugins/bin for the built-in ones).</param>
    /// <param name="atBoundary">Runs an action between ticks; null runs it at once (no engine running).</param>
    /// <param name="overrides">Run-config values by plugin name.</param>
    public PluginHost(string directory, ILogger log, Action<Action>? atBoundary = null, IReadOnlyDictionary<string, ConfigLayer>? overrides = null)
    {
        Directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(Directory)) throw new DirectoryNotFoundException($"plugins directory '{Directory}' does not exist");
        _log = log;
        _atBoundary = atBoundary ?? (action => action());
        _loader = new PluginLoader(overrides);
        Registry = new PluginRegistry(log);
    }

    public string Directory { get; }
    public PluginRegistry Registry { get; }

    /// <summary>
    /// A host with every plugin of <paramref name="directory"/> loaded (the CLI's commands resolve
    /// their plugins through it); plugins that fail to load are reported on <paramref name="problems"/>.
    /// </summary>
    public static PluginHost Open(string directory, ILogger log, TextWriter? problems = null, Action<Action>? atBoundary = null)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"plugins directory '{directory}' does not exist (build the built-in plugins with `make build`, or pass --plugins DIR)");
        var host = new PluginHost(directory, log, atBoundary);
        foreach (var failed in host.LoadAllAsync().GetAwaiter().GetResult().Where(o => o.Error is not null))
            problems?.WriteLine($"plugin not loaded: {failed.Error!.Split('\n')[0]}");
        return host;
    }

    /// <summary>Runs between ticks right after a new version is installed, with the names it provides.</summary>
    public event Action<PluginPackage>? Installed;

    /// <summary>
    /// True when instances built from the named plugins are still in use (fitted models): their old
    /// version cannot be collected until the users let go, so its check waits for <see cref="CollectPending"/>.
    /// </summary>
    public Func<IReadOnlyList<string>, bool>? InUse { get; set; }

    private readonly List<(string Path, WeakReference Context)> _pending = new();

    /// <summary>Roslyn's warm-up compile started by <see cref="Watch"/> (completed before watching starts otherwise).</summary>
    public Task WarmUp { get; private set; } = Task.CompletedTask;

    /// <summary>Every plugin path in the directory: its folders and top-level .cs files, in name order.</summary>
    public IReadOnlyList<string> PluginPaths() =>
        System.IO.Directory.EnumerateDirectories(Directory)
            .Concat(System.IO.Directory.EnumerateFiles(Directory, "*.cs"))
            .Order(StringComparer.Ordinal).ToArray();

    /// <summary>Loads every plugin path; failures are recorded and logged, the rest load.</summary>
    public async Task<IReadOnlyList<ReloadOutcome>> LoadAllAsync()
    {
        var outcomes = new List<ReloadOutcome>();
        foreach (var path in PluginPaths()) outcomes.Add(await ReloadAsync(path));
        return outcomes;
    }

    /// <summary>
    /// Loads the current files of <paramref name="path"/> as a new version and swaps it in at the
    /// next tick boundary; if the path is gone, removes its plugins. On failure the previous
    /// version stays active and the error (plugin, version, reason) is logged.
    /// </summary>
    public async Task<ReloadOutcome> ReloadAsync(string path)
    {
        path = Path.GetFullPath(path);
        await _oneReloadAtATime.WaitAsync();
        try
        {
            if (!PluginLoader.IsPluginPath(path))
            {
                var removed = await AtBoundaryAsync(() => Registry.Remove(path));
                return new ReloadOutcome(path, false, null, removed is null ? null : await CollectedAsync(removed, path));
            }
            PluginPackage candidate;
            try
            {
                candidate = await Task.Run(() => _loader.Load(path));
            }
            catch (PluginLoadException e)
            {
                Registry.RecordFailure(path, e.Message);
                var kept = Registry.Statuses().Where(s => s.Path == path && s.State == LoadState.Active).Select(s => $"{s.Name} {s.Version}").ToArray();
                _log.LogError("plugin load failed, {Kept}: {Error}", kept.Length == 0 ? "nothing loaded" : "keeping " + string.Join(", ", kept), e.Message);
                return new ReloadOutcome(path, false, e.Message, null);
            }
            WeakReference? old;
            bool inUse;
            try
            {
                (old, inUse) = await AtBoundaryAsync(() =>
                {
                    var previous = Registry.Install(candidate);
                    Installed?.Invoke(candidate);
                    return (previous, previous is not null && InUse?.Invoke(candidate.Plugins.Select(p => p.Info.Name).ToArray()) == true);
                });
            }
            catch (PluginLoadException e)
            {
                candidate.Unload();
                Registry.RecordFailure(path, e.Message);
                _log.LogError("plugin swap refused: {Error}", e.Message);
                return new ReloadOutcome(path, false, e.Message, null);
            }
            candidate = null!; // the registry owns it now
            if (old is not null && inUse)
            {
                lock (_pending) _pending.Add((path, old));
                _log.LogInformation("old version of {Path} stays until the models built from it are refitted", path);
                return new ReloadOutcome(path, true, null, null);
            }
            return new ReloadOutcome(path, true, null, old is null ? null : await CollectedAsync(old, path));
        }
        finally
        {
            _oneReloadAtATime.Release();
        }
    }

    /// <summary>Starts hot swapping: every change under the directory reloads its plugin path.</summary>
    public void Watch(TimeSpan? debounce = null)
    {
        if (_watcher is not null) return;
        _watcher = new PluginWatcher(Directory, debounce ?? TimeSpan.FromMilliseconds(150), path => _ = ReloadAsync(path), _log);
        // A .cs file dropped in later compiles warm (~0.3 s to listed instead of 3–5 s cold).
        WarmUp = Task.Run(SourcePluginCompiler.WarmUp);
    }

    /// <summary>
    /// Checks the old versions that were still in use at their swap (call after their users let go);
    /// logs each one collected, and returns how many are still in memory.
    /// </summary>
    public int CollectPending()
    {
        (string Path, WeakReference Context)[] pending;
        lock (_pending) pending = _pending.ToArray();
        int left = 0;
        foreach (var (path, context) in pending)
        {
            if (Unloading.WaitForCollection(context, attempts: 5))
            {
                lock (_pending) _pending.Remove((path, context));
                _log.LogInformation("old version of {Path} unloaded and collected", path);
            }
            else left++;
        }
        return left;
    }

    /// <summary>Old versions swapped out while in use and not yet collected.</summary>
    public int PendingUnloads
    {
        get { lock (_pending) return _pending.Count; }
    }

    private Task<T> AtBoundaryAsync<T>(Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _atBoundary(() =>
        {
            try
            {
                done.SetResult(action());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    private async Task<bool> CollectedAsync(WeakReference context, string path)
    {
        var collected = await Task.Run(() => Unloading.WaitForCollection(context));
        if (collected)
            _log.LogInformation("old version of {Path} unloaded and collected", path);
        else
            _log.LogWarning("old version of {Path} is still in memory after unload: something keeps a reference to its objects", path);
        return collected;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _oneReloadAtATime.Dispose();
    }
}

/// <summary>Proof that an unloaded context is really gone.</summary>
public static class Unloading
{
    public static bool WaitForCollection(WeakReference context, int attempts = 20)
    {
        for (var i = 0; i < attempts && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (i > 2) Thread.Sleep(5); // unloading finishes on the finalizer thread
        }
        return !context.IsAlive;
    }
}
