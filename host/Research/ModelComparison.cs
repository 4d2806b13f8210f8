using AlphaHost.Sdk.Statistics;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AlphaHost.Host.Cli;
using AlphaHost.Host.Run;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Grading;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Research;

/// <summary>One model's out-of-sample result under the comparison protocol.</summary>
public sealed record ComparisonRow(
    string Model, long Parameters, int ScoredDays, double RankIc, double RankIcSe, double RankIcir,
    double AlphaSharpe, double AlphaSharpeNoCost, double Oracle, double Seconds)
{
    /// <summary>Binary and class heads: the out-of-sample classification of the traded output.</summary>
    public ComparisonClassification? Classification { get; init; }
    /// <summary>Labels of several horizons: mean RankIC of each output against its own horizon.</summary>
    public Dictionary<string, double>? RankIcByHorizon { get; init; }
}

/// <summary>The classification grades of a comparison row (see <see cref="OutputGrades"/>).</summary>
public sealed record ComparisonClassification(double Accuracy, double MajorityAccuracy, double F1, double Mcc, double RocAuc, long Samples);

/// <summary>
/// Every model through one rolling protocol on one market: the same walk-forward splits, label,
/// loss, normalisation and trainer (a <see cref="RunConfig"/>), each model's out-of-sample factor
/// graded by the same evaluator (RankIC, RankICIR, top-quintile alpha Sharpe against the benchmark
/// after costs). Each finished model leaves its folder (factor.csv, row.json), so an interrupted
/// comparison resumes where it stopped and the table is rewritten after every model. A variant row
/// may have its own picture kind and lookback (minute beside daily rows): each row is fitted on the
/// research panel of its own input, loaded once per distinct input, graded on the same market.
/// </summary>
public sealed class ModelComparison(RunConfig config, int seed, string outDir, TextWriter log, PluginRegistry plugins)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly Dictionary<(PictureKind Picture, int Lookback), ResearchPanel> panels = new();
    private string marketPath = "";

    /// <summary>
    /// Given the market file, where the models' walk-forward fits run instead of this process
    /// (`compare --cluster`: the fits of every model queued at once, spread over the workers).
    /// </summary>
    public Func<string, Cluster.DispatchedWalks>? Dispatch { get; init; }

    public IReadOnlyList<ComparisonRow> Run(IReadOnlyList<string> models, string? markdownPath, string command)
    {
        var dir = Directory.CreateDirectory(outDir).FullName;
        marketPath = string.IsNullOrEmpty(config.MarketDb) ? Path.Combine(dir, "market.db") : config.MarketDb;
        if (string.IsNullOrEmpty(config.MarketDb) && config.GeneratedIntradayBars == 0 && models.FirstOrDefault(m => Input(m).Picture == PictureKind.Minute) is { } minute)
            throw new ArgumentException($"run config: key 'intradayBars': expected at least 1 since row '{minute}' has minute pictures and the market is generated (no \"marketDb\"), got 0");
        if (string.IsNullOrEmpty(config.MarketDb) && !File.Exists(marketPath)) MainJob.GenerateMarket(config, plugins, seed, marketPath, log);
        try { return Run(models, markdownPath, command, dir); }
        finally
        {
            foreach (var p in panels.Values) p.Dispose();
            panels.Clear();
        }
    }

    /// <summary>The input a row is fitted on: its variant's picture kind and lookback, else the top level's (a combination: its first member's).</summary>
    private (PictureKind Picture, int Lookback) Input(string model)
    {
        var spec = config.FitSpec(Fitted(model));
        return (spec.Picture, spec.Lookback);
    }

    /// <summary>The model whose fit stands for a row: the row's own, or a combination's first member.</summary>
    private string Fitted(string model) => config.Combinations.FirstOrDefault(c => c.Name == model)?.Members[0] ?? model;

    /// <summary>The research panel of a row's input, loaded the first time a row needs it.</summary>
    private ResearchPanel PanelOf(string model)
    {
        var input = Input(model);
        if (!panels.TryGetValue(input, out var panel))
        {
            panels[input] = panel = ResearchPanel.Load(marketPath, lookback: input.Lookback, fields: config.Fields, picture: input.Picture);
            log.WriteLine($"market {marketPath}: {panel.Stocks} stocks x {panel.Days} days, {input.Picture.ToString().ToLowerInvariant()} pictures of {input.Lookback} days");
        }
        return panel;
    }

    private IReadOnlyList<ComparisonRow> Run(IReadOnlyList<string> models, string? markdownPath, string command, string dir)
    {
        log.WriteLine($"models: {string.Join(", ", models)}");
        var dispatched = Dispatch?.Invoke(marketPath);
        if (dispatched is not null)
            foreach (var m in models.Where(m => !File.Exists(Path.Combine(dir, m, "row.json")) && config.Combinations.All(c => c.Name != m)))
                dispatched.Queue(PanelOf(m), [m]);
        var rows = new List<ComparisonRow>();
        foreach (var model in models)
        {
            var panel = PanelOf(model);
            var modelDir = Directory.CreateDirectory(Path.Combine(dir, model)).FullName;
            var rowPath = Path.Combine(modelDir, "row.json");
            if (File.Exists(rowPath))
            {
                rows.Add(JsonSerializer.Deserialize<ComparisonRow>(File.ReadAllText(rowPath), Json)!);
                log.WriteLine($"{model}: done earlier ({rowPath})");
                WriteMissingByYear(model, panel, modelDir);
                continue;
            }
            var combination = config.Combinations.FirstOrDefault(c => c.Name == model);
            var row = combination is null ? Fit(model, panel, modelDir, dispatched) : Combine(combination, panel, dir, modelDir);
            File.WriteAllText(rowPath, JsonSerializer.Serialize(row, Json));
            rows.Add(row);
            log.WriteLine($"{model}: RankIC {row.RankIc:F4} (se {row.RankIcSe:F4}), RankICIR {row.RankIcir:F3}, alpha Sharpe {row.AlphaSharpe:F2}, {row.Seconds:F0} s"
                + (row.Classification is { } c ? $"; accuracy {c.Accuracy:F4} (majority {c.MajorityAccuracy:F4}), F1 {c.F1:F4}, MCC {c.Mcc:F4}, ROC-AUC {c.RocAuc:F4}" : "")
                + (row.RankIcByHorizon is { } h ? "; RankIC by horizon " + string.Join(", ", h.Select(p => $"{p.Key}d {p.Value:F4}")) : ""));
            if (markdownPath is not null) File.WriteAllText(markdownPath, Markdown(rows, command));
        }
        if (markdownPath is not null) File.WriteAllText(markdownPath, Markdown(rows, command));
        return rows;
    }

    private ComparisonRow Fit(string model, ResearchPanel panel, string modelDir, Cluster.DispatchedWalks? dispatched)
    {
        var clock = Stopwatch.StartNew();
        long parameters = 0;
        int horizon = new AlphaHost.Host.Run.ModelTraining(panel, config.FitSpec(model), config.Sampler, plugins, seed).Horizon;
        var importance = new FeatureImportance(panel.PictureFields, panel.PictureLength);
        FactorPanel factor;
        List<EpochProgress> curves;
        if (dispatched?.Walk(panel, model) is { } walk) (factor, curves, parameters) = (walk.Factor, walk.Curves, walk.Parameters);
        else (factor, curves) = ResearchRun.WalkForward(panel, config.FitSpec(model), config.Sampler, plugins, seed, line => log.WriteLine($"  {model} {line.TrimStart()}"),
            (_, fitted) =>
            {
                parameters = fitted.Members[0].Network.parameters().Sum(p => p.numel());
                importance.Add(fitted);
            });
        if (!importance.IsEmpty)
        {
            importance.Write(Path.Combine(modelDir, "importance.csv"));
            log.WriteLine($"  {model} feature importance: {FeatureImportance.Describe(importance.ByField())}");
        }
        TrainingCurves.Write(Path.Combine(modelDir, "training.csv"), curves);
        return Grade(model, parameters, factor, panel, horizon, modelDir, clock);
    }

    /// <summary>The evaluator's per-year alpha table of a row, in its model's folder.</summary>
    public const string ByYearFile = "by_year.json";

    /// <summary>A row finished by an earlier version has no per-year table: graded again from its factor.csv.</summary>
    private void WriteMissingByYear(string model, ResearchPanel panel, string modelDir)
    {
        var byYearPath = Path.Combine(modelDir, ByYearFile);
        var factorPath = Path.Combine(modelDir, "factor.csv");
        if (File.Exists(byYearPath) || !File.Exists(factorPath)) return;
        int horizon = new AlphaHost.Host.Run.ModelTraining(panel, config.FitSpec(Fitted(model)), config.Sampler, plugins, seed).Horizon;
        Grade(model, factorPath, 0, marketPath, horizon, config.CostPerSide, config.IcMinStocks, 0, 0,
            graded => File.WriteAllText(byYearPath, JsonSerializer.Serialize(graded.ByYear, Json)));
    }

    /// <summary>Writes the factor to the model's folder and grades it with the evaluator: the row.</summary>
    private ComparisonRow Grade(string model, long parameters, FactorPanel factor, ResearchPanel panel, int horizon, string modelDir, Stopwatch clock)
    {
        var factorPath = Path.Combine(modelDir, "factor.csv");
        factor.WriteCsv(factorPath);
        var outputs = OutputGrades.Of(factor, panel, plugins, config.Label);
        return Grade(model, factorPath, factor.ScoredDays.Count(), marketPath, horizon, config.CostPerSide, config.IcMinStocks, parameters, clock.Elapsed.TotalSeconds,
            graded => File.WriteAllText(Path.Combine(modelDir, ByYearFile), JsonSerializer.Serialize(graded.ByYear, Json))) with
        {
            Classification = outputs?.Classification is { } c ? new(c.Accuracy, c.MajorityAccuracy, c.F1, c.Mcc, c.RocAuc, c.Samples) : null,
            RankIcByHorizon = outputs is { RankIcByHorizon.Count: > 0 } o ? o.Horizons.Select((h, i) => (h, i)).ToDictionary(p => p.h.ToString(CultureInfo.InvariantCulture), p => o.RankIcByHorizon[p.i]) : null,
        };
    }

    /// <summary>Grades a factor file the way every row of the comparison is graded (also each point of a sweep).</summary>
    public static ComparisonRow Grade(string model, string factorPath, int scoredDays, string marketPath, int horizon, double costPerSide, int minStocks, long parameters, double seconds,
        Action<EvaluationResult>? result = null)
    {
        using var db = MarketDatabase.Open(marketPath);
        var graded = new MarketFactorEvaluation(db, FactorFile.Read(factorPath), new EvaluationConfig { Horizon = horizon, CostPerSide = costPerSide, MinStocks = minStocks }, null);
        var evaluation = graded.Result;
        result?.Invoke(evaluation);
        return new ComparisonRow(model, parameters, scoredDays, evaluation.RankIcMean,
            SeriesStatistics.NeweyWestStandardError(evaluation.DailyRankIc, horizon), evaluation.RankIcir,
            evaluation.Overall.AlphaSharpe, evaluation.Overall.AlphaSharpeNc, graded.Oracle, seconds);
    }

    /// <summary>
    /// A combination row: each member's out-of-sample factor (its compare folder's factor.csv when
    /// there, else its own walk-forward), then at every retrain day the combiner's weights from the
    /// evidence realised by that day's close, applied to the members' scores until the next retrain.
    /// weights.csv in the row's folder lists them.
    /// </summary>
    private ComparisonRow Combine(CombinationSpec spec, ResearchPanel panel, string dir, string modelDir)
    {
        var clock = Stopwatch.StartNew();
        var training = new AlphaHost.Host.Run.ModelTraining(panel, config.FitSpec(spec.Members[0]), config.Sampler, plugins, seed);
        var runs = spec.MemberRuns(seed).ToArray();
        var members = runs.Select(r => MemberFactor(r.Model, r.Seed, r.Name, PanelOf(r.Model), dir)).ToArray();
        var adjusted = panel.AdjustedClose.data<double>().ToArray();
        var closes = Enumerable.Range(0, panel.Days).Select(d => adjusted.AsSpan(d * panel.Stocks, panel.Stocks).ToArray()).ToArray();
        var history = new CombinationHistory(runs.Select(r => r.Name).ToArray(), members.Select(f => (Func<int, double[]?>)(d => f[d])).ToArray(), closes, training.Horizon);
        var factor = new FactorPanel(panel.Dates, panel.Codes);
        using var weightsCsv = new StreamWriter(Path.Combine(modelDir, "weights.csv"));
        weightsCsv.WriteLine("fit_date," + string.Join(",", runs.Select(r => r.Name)));
        int retrain = 0;
        foreach (var (today, split) in training.Walk())
        {
            var weights = CombinationHistory.Checked(plugins.Create<ICombiner>(spec.Combiner), history.At(today));
            weightsCsv.WriteLine($"{panel.Dates[today]:yyyy-MM-dd}," + string.Join(",", weights.Select(w => w.ToString("R", CultureInfo.InvariantCulture))));
            log.WriteLine($"  {spec.Name} retrain {retrain} at {panel.Dates[today]:yyyy-MM-dd}: {string.Join(", ", runs.Select((r, i) => $"{r.Name} {weights[i]:F2}"))}");
            foreach (int d in WalkForward.ScoredDays(today, split, panel.Days))
                if (members.Any(f => f[d] is not null)) factor.Set(d, CombinationHistory.Combine(members.Select(f => f[d]).ToArray(), weights, panel.Stocks), retrain);
            retrain++;
        }
        return Grade(spec.Name, 0, factor, panel, training.Horizon, modelDir, clock);
    }

    /// <summary>A member's out-of-sample factor: read from its folder when an earlier row or run left it, else fitted walk-forward and saved there.</summary>
    private FactorPanel MemberFactor(string model, int memberSeed, string name, ResearchPanel panel, string dir)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(dir, name)).FullName, "factor.csv");
        if (File.Exists(path))
        {
            log.WriteLine($"  member {name}: out-of-sample factor from {path}");
            return FactorCsv.Read(path, panel.Dates, panel.Codes);
        }
        var (factor, _) = ResearchRun.WalkForward(panel, config.FitSpec(model), config.Sampler, plugins, memberSeed, line => log.WriteLine($"  {name} {line.TrimStart()}"));
        factor.WriteCsv(path);
        return factor;
    }

    /// <summary>What a panel's data pictures are, for the protocol's "Inputs" line.</summary>
    private static string Inputs(ResearchPanel panel) =>
        $"{(panel.Picture == PictureKind.Minute ? "minute " : "")}data pictures of {panel.PictureFields.Length} fields ({string.Join(", ", panel.PictureFields)}) × {panel.Lookback} days"
        + (panel.Picture == PictureKind.Minute ? $" of {panel.PictureLength / panel.Lookback} intraday bars ({panel.PictureLength} steps)" : "");

    /// <summary>The comparison as a Markdown page: protocol, the command that made it, and the table (best RankIC first).</summary>
    private string Markdown(IReadOnlyList<ComparisonRow> rows, string command)
    {
        var panel = PanelOf(rows.FirstOrDefault()?.Model ?? config.Model.Name);
        string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
        var reference = rows.FirstOrDefault(r => r.Model == "alphanet_v3");
        var md = new StringBuilder();
        bool futures = config.MarketName == AlphaHost.Host.Market.MarketGeneration.Futures;
        md.AppendLine($"# Model comparison on the synthetic {(futures ? "futures" : "equity")} market");
        md.AppendLine();
        md.AppendLine($"Produced by `{command}` (generated file; rerun the command to refresh it).");
        md.AppendLine();
        var inputs = rows.Select(r => (r.Model, Panel: PanelOf(r.Model))).ToArray();
        bool oneInput = inputs.Select(i => i.Panel).Distinct().Count() <= 1;
        md.AppendLine(oneInput ? "## Protocol (the same for every model)" : "## Protocol (the same for every model but its input)");
        md.AppendLine();
        if (futures) md.AppendLine($"- Market: synthetic futures, {panel.Stocks} contracts in sectors × {panel.Days} trading days, seed {seed}; every model sees each day's tradable contracts.");
        else md.AppendLine($"- Market: synthetic equities, {panel.Stocks} stocks × {panel.Days} trading days, seed {seed}, planted alpha strength {F(config.AlphaStrength, "0.###")}; a changing universe (listings, suspensions, limit moves), every model sees each day's tradable stocks with the padding mask.");
        if (oneInput)
            md.AppendLine($"- Inputs: {Inputs(panel)}, normalised {config.Normalization} on training days only.");
        else
        {
            // Rows of different inputs (minute beside daily): each group's own, graded on the same market and days.
            md.AppendLine($"- Inputs by row (normalised {config.Normalization} on training days only; every row graded on the same market and days):");
            foreach (var group in inputs.GroupBy(i => i.Panel))
                md.AppendLine($"  - {Inputs(group.Key)}: {string.Join(", ", group.Select(i => i.Model))}.");
        }
        int horizon = new AlphaHost.Host.Run.ModelTraining(panel, config.FitSpec(Fitted(rows.FirstOrDefault()?.Model ?? config.Model.Name)), config.Sampler, plugins, seed).Horizon;
        foreach (var v in config.Variants.Where(v => rows.Any(r => r.Model == v.Name)))
            md.AppendLine($"- {v.Name}: model {v.Model.Name}; {(v.Embeddings is null ? "no embeddings" : $"embeddings {v.Embeddings.Name} pre-trained in each fit on its training days only and joined to every picture")}; "
                          + (v.Combos is { } c ? $"{c.Pairs} long/short pairs and {c.Baskets} baskets of {c.BasketLegs} legs (gross leverage {F(c.Leverage, "0.##")}) added to every training day, never to validation or scored days; graded on base assets only." : "no combos."));
        md.AppendLine($"- Label: {config.Label} ({horizon}-day horizon). Loss: {config.Loss}.");
        md.AppendLine($"- Walk-forward with sampler {config.Sampler}: each model fitted at a retrain day's close scores from the next day up to the next retrain; up to {config.Epochs} epochs, early stopping on validation {config.EarlyStop} (patience {config.Patience}), learning rate {F(config.LearningRate, "0.#####")}, {config.EnsembleSeeds} seed(s) per fit.");
        md.AppendLine($"- Graded out of sample by `alphahost evaluate`'s evaluator: daily RankIC against the {horizon}-day forward close-to-close return; RankICIR = mean / std of the daily RankIC; alpha Sharpe = annualised Sharpe of the top quintile held daily minus the benchmark index, after {F(config.CostPerSide * 100, "0.##")}% per side.");
        md.AppendLine();
        md.AppendLine("| model | parameters | days | RankIC | ± s.e. (Newey–West) | RankICIR | top-quintile alpha Sharpe (after costs) | before costs | RankIC vs AlphaNet-v3 | RankIC vs MLP | % of oracle | fit + score time |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var mlp = rows.FirstOrDefault(r => r.Model == "mlp");
        foreach (var r in rows.OrderByDescending(r => double.IsFinite(r.RankIc) ? r.RankIc : double.MinValue))
            md.AppendLine($"| {r.Model} | {r.Parameters:N0} | {r.ScoredDays} | {F(r.RankIc, "F4")} | {F(r.RankIcSe, "F4")} | {F(r.RankIcir, "F3")} | {F(r.AlphaSharpe, "F2")} | {F(r.AlphaSharpeNoCost, "F2")} | "
                          + $"{(reference is null ? "–" : F(r.RankIc - reference.RankIc, "+0.0000;-0.0000;0"))} | {(mlp is null ? "–" : F(r.RankIc - mlp.RankIc, "+0.0000;-0.0000;0"))} | {F(100 * r.RankIc / r.Oracle, "F0")} | {F(r.Seconds / 60, "F1")} min |");
        md.AppendLine();
        md.AppendLine($"Times are wall clock per row (its walk-forward fits and scoring) with libtorch on {TorchSharp.torch.get_num_threads()} intra-op thread(s) (`--threads`); a row resumed from an earlier run keeps that run's time.");
        md.AppendLine();
        var byYear = rows.Select(r => (r.Model, Path: Path.Combine(outDir, r.Model, ByYearFile))).Where(x => File.Exists(x.Path))
            .Select(x => (x.Model, Years: JsonSerializer.Deserialize<AlphaRow[]>(File.ReadAllText(x.Path), Json)!)).ToArray();
        if (byYear.Length > 0)
        {
            md.AppendLine("Top-quintile alpha by year (held daily against the benchmark; annualised return and Sharpe, drawdown of the excess NAV; nc = no costs):");
            md.AppendLine();
            md.AppendLine("| model | year | days | alpha return | alpha Sharpe | alpha drawdown | return nc | Sharpe nc | drawdown nc | turnover |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (model, years) in byYear)
                foreach (var y in years)
                    md.AppendLine($"| {model} | {y.Year} | {y.Days} | {F(y.AlphaReturn, "P1")} | {F(y.AlphaSharpe, "F2")} | {F(y.AlphaDrawdown, "P1")} | {F(y.AlphaReturnNc, "P1")} | {F(y.AlphaSharpeNc, "F2")} | {F(y.AlphaDrawdownNc, "P1")} | {F(y.Turnover, "P1")} |");
            md.AppendLine();
        }
        if (rows.Any(r => r.Classification is not null))
        {
            md.AppendLine("Classification of the traded output, out of sample (pooled over days and stocks with a known label; ROC-AUC one-vs-rest macro for classes):");
            md.AppendLine();
            md.AppendLine("| model | accuracy | majority-class accuracy | F1 | MCC | ROC-AUC | predictions |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var r in rows.Where(r => r.Classification is not null))
                md.AppendLine($"| {r.Model} | {F(r.Classification!.Accuracy, "F4")} | {F(r.Classification.MajorityAccuracy, "F4")} | {F(r.Classification.F1, "F4")} | {F(r.Classification.Mcc, "F4")} | {F(r.Classification.RocAuc, "F4")} | {r.Classification.Samples:N0} |");
            md.AppendLine();
        }
        if (rows.FirstOrDefault() is { } any && double.IsFinite(any.Oracle))
            md.AppendLine($"Oracle: the planted alpha's own RankIC over the market is {F(any.Oracle, "F4")}, the ceiling a model can approach. The differences between neighbouring models are often within about two standard errors: read the ranking with that in mind.");
        var importances = rows.Select(r => (r.Model, Path: Path.Combine(outDir, r.Model, "importance.csv"))).Where(x => File.Exists(x.Path)).ToArray();
        if (importances.Length > 0)
        {
            md.AppendLine();
            md.AppendLine("Feature importance of the tree models (split gain, share per picture field, mean over retrains; per cell in the model's importance.csv):");
            md.AppendLine();
            foreach (var (name, path) in importances) md.AppendLine($"- {name}: {FeatureImportance.Describe(FeatureImportance.ReadTotals(path))}");
        }
        return md.ToString();
    }
}
