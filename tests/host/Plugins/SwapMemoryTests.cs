using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;
using static AlphaHost.Host.Tests.Plugins.HotSwapTests;

namespace AlphaHost.Host.Tests.Plugins;

/// <summary>Measures the process heap, so it runs alone: other tests allocating meanwhile would blur the figure.</summary>
[CollectionDefinition(nameof(SwapMemoryTests), DisableParallelization = true)]
public sealed class SwapMemoryCollection;

[Collection(nameof(SwapMemoryTests))]
public class SwapMemoryTests
{
    [Fact]
    public async Task AHundredSwapsCollectEveryOldVersionAndKeepMemoryFlat()
    {
        using var staging = new ScratchDir();
        using var dir = new ScratchDir();
        var versions = new[] { BuildVersion(staging.Path, 1), BuildVersion(staging.Path, 2) };
        CopyInto(versions[0], dir.Combine("counting"));
        var log = new TestLog();
        using var host = new PluginHost(dir.Path, log);
        await host.LoadAllAsync();

        long heapAfter10 = 0;
        for (var swap = 1; swap <= 100; swap++)
        {
            CopyInto(versions[swap % 2], dir.Combine("counting"));
            var outcome = await host.ReloadAsync(dir.Combine("counting"));
            Assert.True(outcome.Swapped, outcome.Error);
            Assert.True(outcome.OldVersionCollected, $"swap {swap}: old version still in memory");
            if (swap == 10) heapAfter10 = GC.GetTotalMemory(forceFullCollection: true);
        }
        var heapAfter100 = GC.GetTotalMemory(forceFullCollection: true);

        Assert.Equal("1.0.0", host.Registry.Handle<ISampler>("counting").Info!.Version); // swap 100 installed v1
        // Unloading itself is proven above by the weak references; this catches anything else piling up per swap.
        Assert.True(heapAfter100 - heapAfter10 < 1_000_000, $"managed heap grew {heapAfter100 - heapAfter10} bytes over 90 swaps");
    }
}
