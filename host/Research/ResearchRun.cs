using System.Globalization;
using AlphaHost.Sdk.Statistics;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Host.Research;

/// <summary>Out-of-sample scores of a walk-forward run: [days][stocks], NaN where not scored.</summary>
public sealed class FactorPanel(DateOnly[] dates, string[] codes)
{
    public DateOnly[] Dates { get; } = dates;
    public string[] Codes { get; } = codes;
    private readonly double[]?[] rows = new double[dates.Length][];
    private readonly int[] fits = new int[dates.Length];
    private readonly DayOutputs?[] outputs = new DayOutputs?[dates.Length];

    public double[]? this[int day] => rows[day];

    /// <summary>Stores a day's scores, which fitted model (retrain) produced them and, for a binary or class head or several outputs, every output.</summary>
    public void Set(int day, double[] scores, int fit, DayOutputs? dayOutputs = null)
    {
        rows[day] = scores;
        fits[day] = fit;
        outputs[day] = dayOutputs?.PerOutput is null ? null : dayOutputs;
    }

    /// <summary>Every output of the day's scoring (probabilities, or one value per horizon), or null.</summary>
    public DayOutputs? OutputsOf(int day) => outputs[day];

    /// <summary>The fitted model that scored the day (meaningful for scored days only).</summary>
    public int FitOf(int day) => fits[day];
    public IEnumerable<int> ScoredDays => Enumerable.Range(0, Dates.Length).Where(d => rows[d] is not null);

    /// <summary>Writes date,code,value rows (the format `alphahost evaluate` reads).</summary>
    public void WriteCsv(string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("date,code,value");
        foreach (int d in ScoredDays)
            for (int s = 0; s < Codes.Length; s++)
                if (!double.IsNaN(rows[d]![s]))
                    w.WriteLine($"{Dates[d]:yyyy-MM-dd},{Codes[s]},{rows[d]![s].ToString("R", CultureInfo.InvariantCulture)}");
    }

    /// <summary>Mean daily RankIC against the H-day forward close-to-close return (adjusted), over the scored days.</summary>
    public double ForwardRankIc(ResearchPanel panel, int horizon, Func<int, double[]?>? scoresOf = null) =>
        DailyForwardRankIc(panel, horizon, scoresOf).DefaultIfEmpty(double.NaN).Average();

    /// <summary>The daily RankICs behind <see cref="ForwardRankIc"/>, in date order.</summary>
    public IReadOnlyList<double> DailyForwardRankIc(ResearchPanel panel, int horizon, Func<int, double[]?>? scoresOf = null)
    {
        var measure = new ForwardRankIc(horizon);
        using var scope = torch.NewDisposeScope();
        var closes = panel.AdjustedClose.data<double>().ToArray();
        var empty = Enumerable.Repeat(double.NaN, Codes.Length).ToArray();
        for (int d = 0; d < Dates.Length; d++)
        {
            var s = rows[d] is null ? null : (scoresOf ?? (day => rows[day]))(d);
            measure.AddDay(s ?? empty, closes.AsSpan(d * Codes.Length, Codes.Length).ToArray());
        }
        return measure.Daily;
    }
}

/// <summary>Runs a whole walk-forward study offline: fit at each retrain day, score until the next (one rule with the run loop).</summary>
public static class ResearchRun
{
    public static (FactorPanel Factor, List<EpochProgress> Curves) WalkForward(ResearchPanel panel, FitSpec spec, PluginChoice sampler, PluginRegistry plugins,
        int seed, Action<string>? log = null, Action<int, FittedModel>? fitted = null)
    {
        var training = new AlphaHost.Host.Run.ModelTraining(panel, spec, sampler, plugins, seed);
        var factor = new FactorPanel(panel.Dates, panel.Codes);
        var curves = new List<EpochProgress>();
        int retrain = 0;
        foreach (var (today, split) in training.Walk())
        {
            int folds = training.FoldsAt(today).Count;
            log?.Invoke($"retrain {retrain} at {panel.Dates[today]:yyyy-MM-dd}: {(folds > 1 ? $"{folds} folds, the first: " : "")}train {split.TrainCount} days, validation {split.Validation.Count}, test {split.Test.Count}");
            using var model = training.Fit(spec.Model, today, retrain, p =>
                log?.Invoke($"  {p.Describe(spec.Trainer.EarlyStop)}"),
                CancellationToken.None);
            curves.AddRange(model.Curve);
            fitted?.Invoke(retrain, model);
            ScoreOwnedDays(model, panel, today, split, retrain, factor);
            retrain++;
        }
        return (factor, curves);
    }

    /// <summary>
    /// Scores the days a fit at <paramref name="today"/> owns (<see cref="Research.WalkForward.ScoredDays"/>)
    /// into <paramref name="factor"/>, outputs included: one rule for train, compare and the cluster's workers.
    /// </summary>
    public static int[] ScoreOwnedDays(FittedModel fitted, ResearchPanel panel, int today, SampleSplit split, int retrain, FactorPanel factor)
    {
        var days = Research.WalkForward.ScoredDays(today, split, panel.Days).ToArray();
        foreach (int d in days)
        {
            var outputs = fitted.Outputs(panel, d);
            factor.Set(d, outputs.Scores, retrain, outputs);
        }
        return days;
    }

    /// <summary>The planted alpha's scores by panel slot for a day (synthetic markets), or null.</summary>
    public static Func<int, double[]?>? PlantedAlpha(string dbPath, ResearchPanel panel)
    {
        using var db = MarketDatabase.Open(dbPath);
        if (db.Scalar("SELECT COUNT(*) FROM planted_alpha") is 0L) return null;
        var alpha = new PanelReader(db).ReadPlantedAlpha(panel.Dates[0], panel.Dates[^1], panel.Codes);
        return day =>
        {
            var row = new double[panel.Stocks];
            for (int s = 0; s < row.Length; s++) row[s] = alpha.IsValid(day, s) ? alpha[day, s, 0] : double.NaN;
            return row;
        };
    }
}
