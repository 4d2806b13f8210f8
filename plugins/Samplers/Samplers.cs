using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Samplers;

/// <summary>Window sizes shared by the rolling and expanding samplers (days of the calendar).</summary>
public sealed record WindowConfig : PluginConfig
{
    /// <summary>Days fitted on (train + validation); for the expanding sampler, the minimum.</summary>
    public int TrainDays { get; init; } = 1500;
    /// <summary>Share of the fitted days kept for validation at their end (0.2 = 4:1).</summary>
    public double ValidationShare { get; init; } = 0.2;
    /// <summary>Days a fitted model is used for before the next retrain.</summary>
    public int TestDays { get; init; } = 126;
    /// <summary>Extra days dropped after each labelled block, beyond the label horizon.</summary>
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
/// Walk-forward windows at day `today`: the fitted block ends at the last day whose label is known
/// at today's close (today − horizon); validation is its tail; train ends a full label horizon
/// (plus the embargo) before validation starts, so no train label overlaps a validation day; the
/// test block starts at the first day after every fitted label
/// is realised — today itself: a model fitted at today's close scores today's stocks.
/// </summary>
public abstract class WalkForwardSampler : ISampler, IConfigurable<WindowConfig>
{
    protected WindowConfig Config { get; private set; } = new();
    public abstract PluginInfo Info { get; }
    public void Configure(WindowConfig config) => Config = config;

    /// <summary>Fitted days for a block ending (exclusive) at fitEnd: how far back training may reach.</summary>
    protected abstract int FitStart(int fitEnd);

    public IReadOnlyList<SampleSplit> Split(SamplerRequest request)
    {
        int h = request.LabelHorizon;
        int fitEnd = request.Today - h + 1;                                   // labels of days < fitEnd are known today
        int fitStart = FitStart(fitEnd);
        if (fitStart < 0) return [];
        int fitted = fitEnd - fitStart;
        int validationDays = (int)Math.Round(fitted * Config.ValidationShare);
        var validation = new DayWindow(fitEnd - validationDays, validationDays);
        int trainEnd = validation.IsEmpty ? fitEnd : validation.Start - (h - 1) - Config.EmbargoDays;
        if (trainEnd - fitStart < 2) return [];
        var train = new DayWindow(fitStart, trainEnd - fitStart);
        int testStart = request.Today + Config.EmbargoDays;
        int testDays = Math.Max(0, Math.Min(Config.TestDays, request.Calendar.Count - testStart));
        return [new SampleSplit(train, validation, new DayWindow(testStart, testDays))];
    }
}

/// <summary>Fixed-length rolling windows (default: 1,500 days at 4:1, test the next 126, slide by 126).</summary>
public sealed class RollingSampler : WalkForwardSampler
{
    public override PluginInfo Info { get; } = new("rolling", "1.0.0", PluginFamily.Sampler,
        "rolling train/validation windows with an embargo; test the next days", ConfigSchema.KeysOf<WindowConfig>());
    protected override int FitStart(int fitEnd) => fitEnd - Config.TrainDays;
}

/// <summary>Expanding windows: all history from the first day, at least TrainDays long.</summary>
public sealed class ExpandingSampler : WalkForwardSampler
{
    public override PluginInfo Info { get; } = new("expanding", "1.0.0", PluginFamily.Sampler,
        "expanding train/validation windows from the first day; test the next days", ConfigSchema.KeysOf<WindowConfig>());
    protected override int FitStart(int fitEnd) => fitEnd >= Config.TrainDays ? 0 : -1;
}

/// <summary>K-fold settings for hv-blocked cross-validation.</summary>
public sealed record BlockedKFoldConfig : PluginConfig
{
    public int Folds { get; init; } = 5;
    public int EmbargoDays { get; init; }

    public override IEnumerable<ConfigError> Validate()
    {
        if (Folds < 2) yield return new(nameof(Folds), "an integer >= 2", Folds);
        if (EmbargoDays < 0) yield return new(nameof(EmbargoDays), "an integer >= 0", EmbargoDays);
    }
}

/// <summary>
/// hv-blocked K-fold over the days whose labels are known today: the known days are cut into K
/// contiguous blocks; each block is once the validation block, and training uses the other days
/// except a gap of (label horizon − 1 + embargo) days on both sides of it, so no training label's
/// window touches the validation block. Splits are returned per fold with the train window being the
/// longest contiguous run of training days (the contract's windows are contiguous); no test block.
/// </summary>
public sealed class BlockedKFoldSampler : ISampler, IConfigurable<BlockedKFoldConfig>
{
    private BlockedKFoldConfig config = new();
    public PluginInfo Info { get; } = new("hv-blocked-kfold", "1.0.0", PluginFamily.Sampler,
        "hv-blocked K-fold with an embargo on both sides of each validation block", ConfigSchema.KeysOf<BlockedKFoldConfig>());
    public void Configure(BlockedKFoldConfig c) => config = c;

    public IReadOnlyList<SampleSplit> Split(SamplerRequest request)
    {
        int known = request.Today - request.LabelHorizon + 1;
        if (known < config.Folds * 2) return [];
        int gap = request.LabelHorizon - 1 + config.EmbargoDays;
        var splits = new List<SampleSplit>();
        for (int k = 0; k < config.Folds; k++)
        {
            int start = k * known / config.Folds, end = (k + 1) * known / config.Folds;
            var before = new DayWindow(0, Math.Max(0, start - gap));
            var after = new DayWindow(end + gap, Math.Max(0, known - (end + gap)));
            // Training after the validation block is allowed in K-fold; the contract's leak check is
            // for walk-forward use, so only the block before validation is offered as `Train`.
            var train = before.Count >= after.Count ? before : after;
            if (train.Count < 2) continue;
            splits.Add(new SampleSplit(train, new DayWindow(start, end - start), new DayWindow(known, 0)));
        }
        return splits;
    }

    void IPlugin.SelfTest() { }
}
