using AlphaHost.Host.Engine;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;
using static AlphaHost.Host.Tests.Plugins.PluginFixtures;

namespace AlphaHost.Host.Tests.Plugins;

public class HotSwapTests
{
    private sealed record Sampled(long Calls, int Major);

    /// <summary>Calls the counting sampler once per tick and logs (tick, calls, major) on the loop thread.</summary>
    private sealed class Training(PluginHandle<ISampler> sampler) : GameSystem<Sampled>
    {
        public readonly List<(long Tick, long Calls, int Major)> Log = [];
        private static readonly DateOnly[] Calendar = Enumerable.Range(0, 10).Select(i => new DateOnly(2024, 1, 1).AddDays(i)).ToArray();

        public override SystemStage Stage => SystemStage.Training;
        protected override Sampled Initial => new(0, 0);

        protected override Sampled Update(TickContext tick, Sampled mine)
        {
            var split = sampler.Call(s => s.Split(new SamplerRequest(Calendar, 9, 1))[0], null);
            if (split is null) return mine;
            Log.Add((tick.Tick, split.Train.Count, split.Test.Count));
            return new Sampled(split.Train.Count, split.Test.Count);
        }
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30); // liveness only; generous for a loaded machine
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never saw: {what}");
            Thread.Sleep(2);
        }
    }

    internal static string BuildVersion(string root, int major)
    {
        var staging = Path.Combine(root, $"v{major}");
        CompileTo("CountingSampler", Path.Combine(staging, "CountingSampler.dll"), major == 2 ? ["V2"] : null);
        WriteManifest(staging, "CountingSampler", "Sampler", $"{major}.0.0");
        return staging;
    }

    internal static void CopyInto(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)), overwrite: true);
    }

    [Fact]
    public async Task ANewVersionDroppedIntoAWatchedFolderSwapsUnderARunningLoopWithNoTickLostOrRunTwice()
    {
        using var staging = new ScratchDir();
        using var dir = new ScratchDir();
        var v1 = BuildVersion(staging.Path, 1);
        var v2 = BuildVersion(staging.Path, 2);
        CopyInto(v1, dir.Combine("counting"));

        var log = new TestLog();
        TickEngine? running = null;
        using var host = new PluginHost(dir.Path, log, action => running!.Control.AtBoundary(action));
        var training = new Training(host.Registry.Handle<ISampler>("counting"));
        using var loop = running = new TickEngine([training], new EngineOptions { TicksPerSecond = 2000 }, log);
        running.Control.Pause();
        running.Start();
        await host.LoadAllAsync(); // installed at a boundary of the (paused) loop
        running.Control.Resume();
        host.Watch(TimeSpan.FromMilliseconds(100));

        WaitUntil(() => running.Latest.Get<Sampled>().Calls > 50, "v1 running");
        CopyInto(v2, dir.Combine("counting"));
        WaitUntil(() => running.Latest.Get<Sampled>().Major == 2, "v2 active");
        var swappedAt = running.Latest.Tick;
        WaitUntil(() => running.Latest.Tick > swappedAt + 50, "v2 running");
        running.Control.Stop();
        var ticks = await running.WaitAsync();

        // Every tick ran exactly once and called exactly one version; the call count carried over.
        Assert.Equal(Enumerable.Range(1, (int)ticks).Select(i => (long)i), training.Log.Select(l => l.Tick));
        Assert.Equal(training.Log.Select(l => l.Tick), training.Log.Select(l => l.Calls));
        var majors = training.Log.Select(l => l.Major).ToArray();
        var firstV2 = Array.IndexOf(majors, 2);
        Assert.True(firstV2 > 50);
        Assert.All(majors[..firstV2], m => Assert.Equal(1, m));
        Assert.All(majors[firstV2..], m => Assert.Equal(2, m));
        Assert.Equal("2.0.0", host.Registry.Handle<ISampler>("counting").Info!.Version);
        Assert.Equal(1, Assert.Single(host.Registry.Statuses()).Swaps);
        WaitUntil(() => log.Contains("unloaded and collected"), "old version collected");
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task AFailedReloadKeepsThePreviousVersionActive()
    {
        using var staging = new ScratchDir();
        using var dir = new ScratchDir();
        CopyInto(BuildVersion(staging.Path, 1), dir.Combine("counting"));
        var log = new TestLog();
        using var host = new PluginHost(dir.Path, log);
        await host.LoadAllAsync();

        CopyInto(BuildVersion(staging.Path, 2), dir.Combine("counting"));
        WriteManifest(dir.Combine("counting"), "CountingSampler", "Sampler", "2.0.0", "{ \"counting\": { \"stpe\": 2 } }");
        var outcome = await host.ReloadAsync(dir.Combine("counting"));

        Assert.False(outcome.Swapped);
        Assert.Contains("unknown key 'stpe'", outcome.Error);
        Assert.Equal("1.0.0", host.Registry.Handle<ISampler>("counting").Info!.Version);
        var row = Assert.Single(host.Registry.Statuses());
        Assert.Equal(LoadState.Active, row.State);
        Assert.StartsWith("last reload failed, previous version kept:", row.Message);
        Assert.Contains(log.Errors, e => e.Contains("keeping counting 1.0.0") && e.Contains("stpe"));
    }

    [Fact]
    public async Task ADeletedPluginIsRemovedAndCollected()
    {
        using var staging = new ScratchDir();
        using var dir = new ScratchDir();
        CopyInto(BuildVersion(staging.Path, 1), dir.Combine("counting"));
        using var host = new PluginHost(dir.Path, new TestLog());
        await host.LoadAllAsync();

        Directory.Delete(dir.Combine("counting"), recursive: true);
        var outcome = await host.ReloadAsync(dir.Combine("counting"));

        Assert.True(outcome.OldVersionCollected);
        Assert.False(host.Registry.Handle<ISampler>("counting").IsAvailable);
        Assert.Empty(host.Registry.Statuses());
    }
}
