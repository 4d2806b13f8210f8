// A stateful sampler whose split encodes (calls so far, major version), so a test can see which
// version answered each tick and that the call count carried across a swap.
using AlphaHost.Sdk.Plugins;

namespace Fixtures;

public sealed record CountingConfig : PluginConfig
{
    public int Step { get; init; } = 1;

    public override IEnumerable<ConfigError> Validate()
    {
        if (Step < 1) yield return new ConfigError(nameof(Step), "an integer >= 1", Step);
    }
}

public sealed class CountingSampler : ISampler, IStatefulPlugin, IConfigurable<CountingConfig>
{
#if V2
    private const int Major = 2;
#else
    private const int Major = 1;
#endif
    private int _calls;
    private int _step = 1;

    public PluginInfo Info => new("counting", $"{Major}.0.0", PluginFamily.Sampler, "counts its calls", ConfigSchema.KeysOf<CountingConfig>());

    public void Configure(CountingConfig config) => _step = config.Step;

    public IReadOnlyList<SampleSplit> Split(SamplerRequest request)
    {
        _calls += _step;
        return [new SampleSplit(new DayWindow(0, _calls), new DayWindow(0, 0), new DayWindow(_calls + request.LabelHorizon, Major))];
    }

    public PluginState SaveState() => new PluginState().Set("calls", [1], [_calls]);

    public void LoadState(PluginState state)
    {
        if (state.TryGet("calls", [1], out var v)) _calls = (int)v[0];
    }
}
