using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Examples;

/// <summary>The keys of rolling-window, with their defaults; plugin.json and the run config override them.</summary>
public sealed record RollingWindowConfig : PluginConfig
{
    /// <summary>Days fitted on: train plus validation (the embargo between them is extra).</summary>
    public int TrainDays { get; init; } = 1500;

    /// <summary>Share of <see cref="TrainDays"/> kept for validation at the end (0.2 = 4:1).</summary>
    public double ValidationShare { get; init; } = 0.2;

    /// <summary>Days the fitted model is then used for.</summary>
    public int TestDays { get; init; } = 126;

    /// <summary>Extra days dropped between windows, beyond the label horizon.</summary>
    public int EmbargoDays { get; init; }

    public override IEnumerable<ConfigError> Validate()
    {
        if (TrainDays < 2) yield return new(nameof(TrainDays), "an integer >= 2", TrainDays);
        if (ValidationShare is < 0 or >= 1 || double.IsNaN(ValidationShare)) yield return new(nameof(ValidationShare), "a number in [0, 1)", ValidationShare);
        if (TestDays < 1) yield return new(nameof(TestDays), "an integer >= 1", TestDays);
        if (EmbargoDays < 0) yield return new(nameof(EmbargoDays), "an integer >= 0", EmbargoDays);
    }
}

/// <summary>
/// Rolling retraining (train N days at 4:1 train/validation, then test the next days): the fit
/// window ends at the last day whose label is known today, validation is its tail, and each
/// window starts only after the previous window's labels are realised, plus an optional embargo.
/// </summary>
public sealed class RollingWindowSampler : ISampler, IConfigurable<RollingWindowConfig>
{
    private RollingWindowConfig _config = new();

    public PluginInfo Info { get; } = new("rolling-window", "1.0.0", PluginFamily.Sampler,
        "rolling train/validation/test windows with an embargo", ConfigSchema.KeysOf<RollingWindowConfig>());

    public void Configure(RollingWindowConfig config) => _config = config;

    public IReadOnlyList<SampleSplit> Split(SamplerRequest request)
    {
        var h = request.LabelHorizon;
        var validationDays = (int)Math.Round(_config.TrainDays * _config.ValidationShare);
        var fitEnd = request.Today - h + 1;                                      // last labelled day + 1
        var validation = new DayWindow(fitEnd - validationDays, validationDays);
        var trainEnd = validation.Start - (h - 1) - _config.EmbargoDays;           // train labels end before validation starts
        var train = new DayWindow(trainEnd - (_config.TrainDays - validationDays), _config.TrainDays - validationDays);
        if (train.Start < 0) return [];                                            // not enough history yet
        var testStart = fitEnd - 1 + h + _config.EmbargoDays;
        var test = new DayWindow(testStart, Math.Max(0, Math.Min(_config.TestDays, request.Calendar.Count - testStart)));
        return [new SampleSplit(train, validation, test)];
    }
}
