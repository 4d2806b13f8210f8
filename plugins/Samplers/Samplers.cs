using System.Globalization;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Samplers;

/// <summary>
/// Sample selection every sampler offers (the minute-factor and AlphaNet-v2 notes): train only on
/// some time periods, on one day in every k, and on the stocks of some size, volatility or
/// liquidity buckets. Validation days are never thinned, so early stopping sees every day.
/// </summary>
public abstract record SelectionConfig : PluginConfig
{
    /// <summary>Train only on days inside these periods, each "yyyy-MM-dd..yyyy-MM-dd" (inclusive); empty = every day.</summary>
    public string[] TrainPeriods { get; init; } = [];
    /// <summary>Train on one day in every k (calendar days whose index is a multiple of k; the AlphaNet-v2 note uses 10).</summary>
    public int SampleEveryDays { get; init; } = 1;
    /// <summary>Keep only the training stocks in some buckets of this measure (size, volatility or liquidity); null = every stock.</summary>
    public StockMeasure? BucketBy { get; init; }
    /// <summary>How many equal-count buckets each training day's stocks are cut into.</summary>
    public int Buckets { get; init; } = 5;
    /// <summary>The buckets trained on, 1 = smallest measure.</summary>
    public int[] KeepBuckets { get; init; } = [];
    /// <summary>Days of history the volatility and liquidity measures average over (ending at the training day).</summary>
    public int BucketWindowDays { get; init; } = 20;

    public override IEnumerable<ConfigError> Validate()
    {
        if (SampleEveryDays < 1) yield return new(nameof(SampleEveryDays), "an integer >= 1", SampleEveryDays);
        foreach (var period in TrainPeriods)
            if (ParsePeriod(period) is null) yield return new(nameof(TrainPeriods), "periods \"yyyy-MM-dd..yyyy-MM-dd\" with the first date not after the second", period);
        if (BucketBy is null) yield break;
        if (Buckets < 2) yield return new(nameof(Buckets), "an integer >= 2", Buckets);
        if (KeepBuckets.Length == 0 || KeepBuckets.Any(k => k < 1 || k > Buckets))
            yield return new(nameof(KeepBuckets), $"one or more bucket numbers in 1..{Buckets} (1 = smallest)", string.Join(", ", KeepBuckets));
        if (BucketWindowDays < 2) yield return new(nameof(BucketWindowDays), "an integer >= 2", BucketWindowDays);
    }

    internal static (DateOnly From, DateOnly To)? ParsePeriod(string period)
    {
        var parts = period.Split("..");
        if (parts.Length != 2) return null;
        if (!DateOnly.TryParseExact(parts[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)) return null;
        if (!DateOnly.TryParseExact(parts[1].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)) return null;
        return from <= to ? (from, to) : null;
    }

    /// <summary>
    /// The split with the selection applied to its train days (runs of kept days become the train
    /// windows), or null when fewer than 2 train days are left.
    /// </summary>
    internal SampleSplit? Select(SampleSplit split, IReadOnlyList<DateOnly> calendar)
    {
        var periods = TrainPeriods.Select(p => ParsePeriod(p)!.Value).ToArray();
        bool Kept(int d) => d % SampleEveryDays == 0
                            && (periods.Length == 0 || periods.Any(p => calendar[d] >= p.From && calendar[d] <= p.To));
        var days = split.TrainDays.Where(Kept).ToArray();
        if (days.Length < 2) return null;
        var windows = new List<DayWindow>();
        foreach (int d in days)
        {
            if (windows.Count > 0 && windows[^1].End == d) windows[^1] = windows[^1] with { Count = windows[^1].Count + 1 };
            else windows.Add(new DayWindow(d, 1));
        }
        var stocks = BucketBy is { } by ? new StockBuckets(by, Buckets, KeepBuckets, BucketWindowDays) : null;
        return SampleSplit.Of(windows, split.Validation, split.Test) with { TrainStocks = stocks };
    }
}

/// <summary>Window sizes shared by the rolling and expanding samplers (days of the calendar).</summary>
public sealed record WindowConfig : SelectionConfig
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
        foreach (var e in base.Validate()) yield return e;
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
        var selected = Config.Select(new SampleSplit(train, validation, new DayWindow(testStart, testDays)), request.Calendar);
        return selected is null ? [] : [selected];
    }
}

/// <summary>Fixed-length rolling windows (default: 1,500 days at 4:1, test the next 126, slide by 126).</summary>
public sealed class RollingSampler : WalkForwardSampler
{
    public override PluginInfo Info { get; } = new("rolling", "1.1.0", PluginFamily.Sampler,
        "rolling train/validation windows with an embargo; test the next days", ConfigSchema.KeysOf<WindowConfig>());
    protected override int FitStart(int fitEnd) => fitEnd - Config.TrainDays;
}

/// <summary>Expanding windows: all history from the first day, at least TrainDays long.</summary>
public sealed class ExpandingSampler : WalkForwardSampler
{
    public override PluginInfo Info { get; } = new("expanding", "1.1.0", PluginFamily.Sampler,
        "expanding train/validation windows from the first day; test the next days", ConfigSchema.KeysOf<WindowConfig>());
    protected override int FitStart(int fitEnd) => fitEnd >= Config.TrainDays ? 0 : -1;
}

/// <summary>K-fold settings for hv-blocked cross-validation inside a walk-forward schedule.</summary>
public sealed record BlockedKFoldConfig : SelectionConfig
{
    public int Folds { get; init; } = 5;
    /// <summary>Extra days dropped on both sides of each validation block, beyond the label horizon.</summary>
    public int EmbargoDays { get; init; }
    /// <summary>Days cut into folds: the last TrainDays days with known labels (at least this many when expanding).</summary>
    public int TrainDays { get; init; } = 1500;
    /// <summary>All history from the first day instead of the last TrainDays days.</summary>
    public bool Expanding { get; init; }
    /// <summary>Days the fold ensemble is used for before the next retrain.</summary>
    public int TestDays { get; init; } = 126;

    public override IEnumerable<ConfigError> Validate()
    {
        foreach (var e in base.Validate()) yield return e;
        if (Folds < 2) yield return new(nameof(Folds), "an integer >= 2", Folds);
        if (EmbargoDays < 0) yield return new(nameof(EmbargoDays), "an integer >= 0", EmbargoDays);
        if (TrainDays < 2 * Folds) yield return new(nameof(TrainDays), $"an integer >= 2 × folds ({2 * Folds})", TrainDays);
        if (TestDays < 1) yield return new(nameof(TestDays), "an integer >= 1", TestDays);
    }
}

/// <summary>
/// hv-blocked K-fold at day `today`: the days whose labels are known today (the last TrainDays, or all
/// of them when expanding) are cut into K contiguous blocks; each block is once the validation block,
/// and its fold trains on the days on both sides of it except a gap of (label lag − 1 + embargo) days
/// on each side, so no training label's window touches a validation label's. Every fold shares the
/// test block that starts today (+ embargo); the host fits one model per fold and averages them.
/// </summary>
public sealed class BlockedKFoldSampler : ISampler, IConfigurable<BlockedKFoldConfig>
{
    private BlockedKFoldConfig config = new();
    public PluginInfo Info { get; } = new("hv-blocked-kfold", "1.1.0", PluginFamily.Sampler,
        "hv-blocked K-fold with an embargo on both sides of each validation block; the fold models are averaged", ConfigSchema.KeysOf<BlockedKFoldConfig>());
    public void Configure(BlockedKFoldConfig c) => config = c;

    public IReadOnlyList<SampleSplit> Split(SamplerRequest request)
    {
        int known = request.Today - request.LabelHorizon + 1;                 // labels of days < known are known today
        int first = config.Expanding ? 0 : known - config.TrainDays;
        if (first < 0 || known - first < config.TrainDays) return [];
        int length = known - first;
        int gap = request.LabelHorizon - 1 + config.EmbargoDays;
        int testStart = request.Today + config.EmbargoDays;
        var test = new DayWindow(testStart, Math.Max(0, Math.Min(config.TestDays, request.Calendar.Count - testStart)));
        var splits = new List<SampleSplit>();
        for (int k = 0; k < config.Folds; k++)
        {
            int start = first + k * length / config.Folds, end = first + (k + 1) * length / config.Folds;
            var before = new DayWindow(first, Math.Max(0, start - gap - first));
            var after = new DayWindow(end + gap, Math.Max(0, known - (end + gap)));
            var fold = SampleSplit.Of([before, after], new DayWindow(start, end - start), test);
            if (fold.TrainCount < 2) continue;
            if (config.Select(fold, request.Calendar) is { } selected) splits.Add(selected);
        }
        return splits;
    }
}
