using AlphaHost.Sdk.Statistics;
using System.Globalization;
using AlphaHost.Host.Reports;
using AlphaHost.Host.Research;
using AlphaHost.Host.Trading;
using AlphaHost.Host.Grading;
using TorchSharp;

namespace AlphaHost.Host.Run;

/// <summary>
/// What a run produced: the out-of-sample factor graded by the evaluator (IC, RankIC, decay,
/// quantiles, per-year alpha), the paper portfolio's results and the training curves, written as
/// metrics.json, report.md, report.html, factor.csv and training.csv.
/// </summary>
public sealed class RunSummary(RunConfig config, ResearchPanel panel, FactorPanel factor, TradingResults trading,
    IReadOnlyList<EpochProgress> curves, double? oracle, int horizon, IReadOnlyList<ModelGrade> models, OutputGrades? outputs = null)
{
    /// <summary>The run's backtester plugins at the end (metrics.json "backtesters"), when it ran any.</summary>
    public BacktestPart? Backtests { get; init; }

    public EvaluationResult Evaluate()
    {
        var evaluator = new FactorEvaluator(panel.Codes, new EvaluationConfig { Horizon = horizon, CostPerSide = config.CostPerSide, MinStocks = config.IcMinStocks });
        using var scope = torch.NewDisposeScope();
        var closes = panel.AdjustedClose.data<double>().ToArray();
        var empty = Enumerable.Repeat(double.NaN, panel.Stocks).ToArray();
        for (int d = 0; d < panel.Days; d++)
            evaluator.AddDay(panel.Dates[d], factor[d] ?? empty, closes.AsSpan(d * panel.Stocks, panel.Stocks), panel.Benchmark[d]);
        return evaluator.Result();
    }

    /// <summary>One fitted model's scored days and their daily RankICs.</summary>
    public sealed record FitRankIc(int Fit, DateOnly First, DateOnly Last, IReadOnlyList<double> Daily);

    /// <summary>
    /// The daily RankICs grouped by the fitted model that produced the scores. Days scored by one model
    /// share its weights (and, in the shuffled-label control, its random exposure to whatever the
    /// features carry), so they are not independent draws; the fits are.
    /// </summary>
    public IReadOnlyList<FitRankIc> RankIcByFit(EvaluationResult result)
    {
        var dayOf = panel.Dates.Select((date, day) => (date, day)).ToDictionary(p => p.date, p => p.day);
        return result.Ic.Where(p => double.IsFinite(p.RankIc))
            .GroupBy(p => factor.FitOf(dayOf[p.Date]))
            .Select(g => new FitRankIc(g.Key, g.First().Date, g.Last().Date, g.Select(p => p.RankIc).ToArray()))
            .OrderBy(f => f.First).ToList();
    }

    /// <summary>
    /// Each live model's own out-of-sample scores under models/NAME/: factor.csv (date,code,value),
    /// outputs.csv when it has per-output values (date,code,output,value: P(1) of a binary head, class
    /// probabilities, or one output per horizon), and a combination's weights.csv (date, one column per member).
    /// </summary>
    public static void WriteModelFiles(string dir, IEnumerable<LiveModel> models)
    {
        foreach (var model in models)
        {
            if (model.Factor is not { } factor) continue;
            var folder = Directory.CreateDirectory(Path.Combine(dir, "models", model.Name)).FullName;
            factor.WriteCsv(Path.Combine(folder, "factor.csv"));
            var ic = CultureInfo.InvariantCulture;
            if (factor.ScoredDays.Any(d => factor.OutputsOf(d)?.PerOutput is not null))
            {
                using var w = new StreamWriter(Path.Combine(folder, "outputs.csv"));
                w.WriteLine("date,code,output,value");
                foreach (int d in factor.ScoredDays)
                    if (factor.OutputsOf(d) is { PerOutput: { } values } o)
                        for (int s = 0; s < factor.Codes.Length; s++)
                            for (int k = 0; k < o.Width; k++)
                                if (double.IsFinite(values[s * o.Width + k]))
                                    w.WriteLine($"{factor.Dates[d]:yyyy-MM-dd},{factor.Codes[s]},{k},{values[s * o.Width + k].ToString("R", ic)}");
            }
            if (model.Combination is { } spec)
            {
                using var w = new StreamWriter(Path.Combine(folder, "weights.csv"));
                w.WriteLine("date," + string.Join(",", spec.Members));
                foreach (var (date, weights) in model.WeightHistory)
                    w.WriteLine($"{date:yyyy-MM-dd}," + string.Join(",", weights.Select(x => x.ToString("R", ic))));
            }
        }
    }

    public void Write(string dir, TextWriter log)
    {
        factor.WriteCsv(Path.Combine(dir, "factor.csv"));
        TrainingCurves.Write(Path.Combine(dir, "training.csv"), curves);
        var result = Evaluate();
        var extra = new Dictionary<string, object>(trading.ToMetrics()) { ["scored_days"] = factor.ScoredDays.Count() };
        // The ledger's whole-run turnover (warm-up zeros included) would overwrite the factor's top-quantile
        // turnover under the same key; the paper portfolio's own is paper_turnover, from the first trade.
        extra.Remove("turnover");
        if (oracle is double o) extra["oracle_rank_ic"] = o;
        var byFit = RankIcByFit(result);
        extra["rank_ic_by_fit"] = byFit.Select(f => new Dictionary<string, object>
        {
            ["fit"] = f.Fit, ["first"] = f.First.ToString("yyyy-MM-dd"), ["last"] = f.Last.ToString("yyyy-MM-dd"),
            ["days"] = f.Daily.Count, ["rank_ic_mean"] = SeriesStatistics.Mean(f.Daily),
        }).ToArray();
        extra["rank_ic_se_by_fit"] = SeriesStatistics.ClusterStandardError(byFit.Select(f => f.Daily));
        // Every model of the run, champion and challengers, graded on the days it scored (out of sample).
        extra["models"] = models.Select(m => m.ToMetrics()).ToArray();
        if (Backtests is { } backtests)
        {
            extra["backtesters"] = backtests.Metrics.ToDictionary(b => b.Key, b => (object)b.Value);
            if (backtests.Faults.Count > 0) extra["backtester_faults"] = backtests.Faults;
        }
        var paper = PaperPerformance.From(trading.Series);
        foreach (var (key, value) in paper.ToMetrics()) extra[key] = value;
        // The traded factor's classification and per-horizon grades (binary or class heads, labels of several horizons).
        if (outputs is not null) foreach (var (key, value) in outputs.ToMetrics()) extra[key] = value;
        var headline = Headline(result, (double)extra["rank_ic_se_by_fit"], paper);
        if (outputs?.Describe().FirstOrDefault() is { } outputLine) headline = [.. headline, (outputs.Classification is null ? "by horizon" : "classification", outputLine)];
        var data = ReportData.FromEvaluation($"AlphaHost run: {config.Model.Name} with {config.Loss.Name} loss", result) with
        {
            Headline = headline,
            Context =
            [
                ("market", $"{panel.Stocks} stocks x {panel.Days} days"),
                ("model", $"{config.Model} ({config.Loss} loss), sampler {config.Sampler}"),
                ("label", $"{config.Label}: {horizon}-day horizon"),
                ("models", string.Join("; ", models.Select(m => m.Describe()))),
                ("warm-up", paper.Start is { } s0 ? $"{paper.WarmupDays} days in cash while the first model trains; trading and every comparison with the benchmark start at the close of {s0:yyyy-MM-dd}" : "no trade was made"),
            ],
            Nav = paper.Nav,
            NavLabel = $"paper portfolio ({config.Portfolio}, after costs), both 1.0 on the day trading starts",
            Training = curves.Select(c => new Reports.TrainingPoint(c.Retrain, c.Epoch, c.TrainLoss, c.ValidationMetric)).ToArray(),
            ValidationMetricName = config.EarlyStop.ToString(),
            Tables = [.. outputs?.Tables() ?? [], ModelGrade.Table(models)],
        };
        ReportWriter.Write(dir, data.WithMetrics(extra));

        string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
        var metrics = result.ToMetrics();
        double rankIc = result.RankIcMean;
        log.WriteLine($"scored {factor.ScoredDays.Count()} days out of sample with {config.Model.Name} ({config.Loss.Name} loss)");
        foreach (var m in models) log.WriteLine($"model {m.Describe()}");
        log.WriteLine($"rank_ic_mean ({horizon}d) {F(rankIc)}" + (oracle is double c ? $"; oracle_rank_ic on the same days {F(c)} ({(rankIc / c).ToString("P0", CultureInfo.InvariantCulture)} of the ceiling)" : ""));
        log.WriteLine($"standard error of the mean: {F((double)metrics["rank_ic_se"])} days independent, {F((double)metrics["rank_ic_se_newey_west"])} Newey-West ({horizon} lags), "
                      + $"{F((double)extra["rank_ic_se_by_fit"])} clustered by fitted model ({byFit.Count} fits: {string.Join(", ", byFit.Select(f => F(SeriesStatistics.Mean(f.Daily))))})");
        foreach (var line in outputs?.Describe() ?? []) log.WriteLine(line);
        log.WriteLine($"wrote {Path.Combine(dir, "report.html")}, report.md, metrics.json, factor.csv, training.csv, models/*/factor.csv");
        foreach (var (label, value) in headline) log.WriteLine($"{label}: {value}");
    }

    /// <summary>
    /// The lines read first, in report.md, report.html and the log's last lines: factor quality
    /// (RankIC ± clustered s.e., ICIR, share of the oracle), the paper portfolio beside the benchmark
    /// from the day trading starts, its costs, and the top quintile's after-cost alpha.
    /// </summary>
    public IReadOnlyList<(string Label, string Value)> Headline(EvaluationResult result, double clusteredSe, PaperPerformance paper)
    {
        var ic = CultureInfo.InvariantCulture;
        string oracleShare = oracle is double o && o != 0
            ? $", {ReportFormat.Percent(result.RankIcMean / o, 0)} of the oracle ({o.ToString("F4", ic)})"
            : "";
        var metrics = result.ToMetrics();
        var lines = new List<(string, string)>
        {
            ("factor", $"RankIC {result.RankIcMean.ToString("F4", ic)} ± {clusteredSe.ToString("F4", ic)} (s.e. clustered by fit), "
                       + $"RankICIR {ReportFormat.Number((double)metrics["rank_icir"], 2)}{oracleShare}, {horizon}-day horizon"),
            ("top quintile", $"{ReportFormat.SignedPercent((double)metrics["alpha_return"])} a year over the benchmark after costs "
                             + $"({ReportFormat.SignedPercent((double)metrics["alpha_return_nc"])} before)"),
        };
        if (paper.Start is { } start)
        {
            var (p, b) = (paper.Portfolio, paper.Benchmark);
            lines.Add(("paper vs benchmark", $"from {start:yyyy-MM-dd} ({paper.Days} days): annual return {ReportFormat.SignedPercent(p.AnnualReturn)} vs {ReportFormat.SignedPercent(b.AnnualReturn)} "
                + $"(excess {ReportFormat.SignedPercent(paper.ExcessAnnualReturn)}), vol {ReportFormat.Percent(p.AnnualVol, 1)} vs {ReportFormat.Percent(b.AnnualVol, 1)}, "
                + $"Sharpe {ReportFormat.Number(p.Sharpe, 2)} vs {ReportFormat.Number(b.Sharpe, 2)}, max drawdown {ReportFormat.Percent(p.MaxDrawdown, 1)} vs {ReportFormat.Percent(b.MaxDrawdown, 1)}"));
            lines.Add(("costs", $"{ReportFormat.Money((double)paper.Costs)} paid, {ReportFormat.Percent(paper.CostsPerYearOfAverageNav)} of average NAV a year; "
                + $"turnover {ReportFormat.Percent(paper.MeanTurnover, 1)} of NAV a day (one-way); final NAV {ReportFormat.Money((double)trading.FinalNav)} from {ReportFormat.Money((double)trading.InitialCash)}"));
        }
        else lines.Add(("paper vs benchmark", $"no trade in {paper.WarmupDays} days (no model was fitted)"));
        return lines;
    }
}

/// <summary>One model's out-of-sample grade over the days it scored in the run (live, not refitted on them).</summary>
public sealed record ModelGrade(string Name, string Role, int Version, string? Fault, int Days, double RankIcMean, double RankIcSe, double RankIcir)
{
    /// <summary>The model's own outputs graded against the label (classification for a binary or class head, per horizon for several), over the days it scored.</summary>
    public OutputGrades? Outputs { get; init; }
    /// <summary>A combination's combiner, members and last weights (one per member); null for a fitted model.</summary>
    public (string Combiner, string[] Members, double[] Weights)? Combination { get; init; }

    public static ModelGrade Of(LiveModel model, int horizon)
    {
        var daily = model.Grades.Daily.Where(double.IsFinite).ToArray();
        double mean = SeriesStatistics.Mean(daily);
        double sd = daily.Length > 1 ? Math.Sqrt(daily.Sum(x => (x - mean) * (x - mean)) / (daily.Length - 1)) : double.NaN;
        return new ModelGrade(model.Name, model.Role.ToString().ToLowerInvariant(), model.Version, model.Fault, daily.Length, mean,
            SeriesStatistics.NeweyWestStandardError(daily, horizon), sd > 0 ? mean / sd : double.NaN)
        {
            Combination = model.Combination is { } c ? (c.Combiner.Name, c.Members, model.WeightHistory.LastOrDefault().Weights ?? []) : null,
        };
    }

    /// <summary>Every model's grade, each model's stored outputs graded against the run's label (computed once).</summary>
    public static ModelGrade[] OfAll(IReadOnlyList<LiveModel> models, int horizon, ResearchPanel panel, AlphaHost.Host.Plugins.PluginRegistry plugins, AlphaHost.Host.Plugins.PluginChoice labelChoice)
    {
        var label = plugins.Create<AlphaHost.Sdk.Plugins.ILabel>(labelChoice);
        try
        {
            using var scope = torch.NewDisposeScope();
            var labels = label.Compute(panel.LabelPanel());
            return models.Select(m => Of(m, horizon) with { Outputs = m.Factor is { } f ? OutputGrades.Of(f, panel, label, labels) : null }).ToArray();
        }
        finally
        {
            (label as IDisposable)?.Dispose();
        }
    }

    public Dictionary<string, object> ToMetrics()
    {
        var m = new Dictionary<string, object>
        {
            ["name"] = Name, ["role"] = Role, ["fits"] = Version, ["fault"] = Fault ?? "", ["days"] = Days,
            ["rank_ic_mean"] = RankIcMean, ["rank_ic_se"] = RankIcSe, ["rank_icir"] = RankIcir,
        };
        if (Outputs is not null) foreach (var (key, value) in Outputs.ToMetrics()) m[key] = value;
        if (Combination is { } combination)
        {
            m["combiner"] = combination.Combiner;
            m["members"] = combination.Members;
            m["weights"] = combination.Weights;
        }
        return m;
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Name} ({Role}{(Fault is null ? "" : ", faulted")}): RankIC {RankIcMean:F4} ± {RankIcSe:F4} over {Days} days, RankICIR {RankIcir:F2}, {Version} {(Combination is null ? "fits" : "weight sets")}")
        + (Outputs?.Classification is { } c ? string.Create(CultureInfo.InvariantCulture, $", accuracy {c.Accuracy:F4} (majority {c.MajorityAccuracy:F4}), ROC-AUC {c.RocAuc:F4}") : "");

    /// <summary>The report's table of every live model, graded out of sample on the days it scored; classification columns when a model has them.</summary>
    public static ReportTable Table(IReadOnlyList<ModelGrade> models)
    {
        bool classified = models.Any(m => m.Outputs?.Classification is not null);
        string N(double v, int digits) => ReportFormat.Number(v, digits);
        string[] header = ["model", "role", "days", "RankIC", "s.e.", "RankICIR", "fits / weights", .. classified ? new[] { "accuracy", "majority", "F1", "MCC", "ROC-AUC" } : []];
        var rows = models.Select(m =>
        {
            var c = m.Outputs?.Classification;
            string[] classification = !classified ? [] : c is null ? ["-", "-", "-", "-", "-"] : [N(c.Accuracy, 4), N(c.MajorityAccuracy, 4), N(c.F1, 4), N(c.Mcc, 4), N(c.RocAuc, 4)];
            string role = m.Role + (m.Fault is null ? "" : ", faulted") + (m.Combination is { } combination ? $" ({combination.Combiner} of {string.Join(", ", combination.Members)})" : "");
            return (string[])[m.Name, role, m.Days.ToString(CultureInfo.InvariantCulture), N(m.RankIcMean, 4), N(m.RankIcSe, 4), N(m.RankIcir, 2),
                m.Version.ToString(CultureInfo.InvariantCulture), .. classification];
        }).ToArray();
        return new ReportTable("Live models, graded out of sample on the days each scored", header, rows);
    }
}
