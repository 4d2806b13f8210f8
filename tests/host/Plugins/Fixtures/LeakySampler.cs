// Hands out a train day whose label is not yet known: its smoke call must reject it.
using AlphaHost.Sdk.Plugins;

namespace Fixtures;

public sealed class LeakySampler : ISampler
{
    public PluginInfo Info => new("leaky", "1.0.0", PluginFamily.Sampler, "trains up to today", []);

    public IReadOnlyList<SampleSplit> Split(SamplerRequest request) =>
        [new SampleSplit(new DayWindow(0, request.Today + 1), new DayWindow(0, 0), new DayWindow(0, 0))];
}
