using AlphaHost.Host.Bus;
using AlphaHost.Host.Market;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Run;

/// <summary>
/// Everything `alphahost run` does, as one typed JSON config (`--config FILE`); every key is optional
/// and bad keys are reported with the file, the key and what was expected. The defaults are the
/// embedded main job: a synthetic equity market sized to finish within ~15 minutes on 2 cores.
/// Scale up with "stocks", "days", "trainDays" and "testDays" (e.g. 500, 2000, 1500, 126 as in the
/// research notes).
/// </summary>
public sealed record RunConfig : PluginConfig
{
    /// <summary>Market file to replay; when empty a synthetic market is generated into the run folder.</summary>
    public string MarketDb { get; init; } = "";
    public int Stocks { get; init; } = 200;
    public int Days { get; init; } = 850;
    public double AlphaStrength { get; init; } = 0.065;
    /// <summary>The synthetic market generated when "marketDb" is empty: equities, or futures ("stocks" contracts with sectors).</summary>
    public SyntheticMarketKind MarketKind { get; init; } = SyntheticMarketKind.Equities;
    /// <summary>
    /// The market generator plugin when "marketDb" is empty, e.g. {"name": "synthetic_equities",
    /// "config": {"stocks": 30, "suspendProbability": 0.01}}; null: the one "marketKind" names.
    /// "stocks", "days", "alphaStrength", "intradayBars" and the run's seed fill the generator's keys
    /// of those names ("stocks" its "contracts" for futures) unless its config sets them.
    /// </summary>
    public PluginChoice? Market { get; init; }

    /// <summary>
    /// The champion: the model whose scores drive the paper portfolio. The MLP over the 9 × 30 data
    /// picture: on unseen synthetic markets it reached 86–108 % of the planted oracle RankIC (seeds 1,
    /// 2, 11, 12, 13) in ~10 s a run, where alphanet_v3 reached 65–73 % in 2–3 min and gru 82–95 % in
    /// 4–6 min (2 cores under load; issue 17).
    /// </summary>
    public PluginChoice Model { get; init; } = "mlp";
    /// <summary>Models fitted, scored, published and graded beside the champion from the first tick.</summary>
    public PluginChoice[] Challengers { get; init; } = [];
    /// <summary>
    /// Model combinations, each a row of `compare` by its name, graded like a model:
    /// [{"name": "combo", "combiner": "ic_weighted", "members": ["mlp", "gru"], "seeds": 3}].
    /// In `run` each is a live challenger combining its members' live scores (see LiveCombinations).
    /// </summary>
    public CombinationSpec[] Combinations { get; init; } = [];
    public PluginChoice Loss { get; init; } = "wpcc";
    /// <summary>The training target; its horizon is also the horizon of every grade.</summary>
    public PluginChoice Label { get; init; } = new("forward_return", new System.Text.Json.Nodes.JsonObject { ["horizon"] = 5 });
    /// <summary>The walk-forward windows (450 days fitted, 130 scored per retrain by default).</summary>
    public PluginChoice Sampler { get; init; } = new("rolling", new System.Text.Json.Nodes.JsonObject { ["trainDays"] = 450, ["testDays"] = 130 });
    /// <summary>
    /// Scores → target weights. The default holds the top 30 with a rank buffer of 60, so names are
    /// not sold and bought back as their rank wobbles around 30.
    /// </summary>
    public PluginChoice Portfolio { get; init; } = new("buffered_top_n", new System.Text.Json.Nodes.JsonObject { ["topN"] = 30, ["keepRank"] = 60 });
    /// <summary>
    /// Backtester plugins fed the champion's scores of each day once its forward return is known;
    /// their metrics go to metrics.json "backtesters" (and a faulted one's reason to the log).
    /// </summary>
    public PluginChoice[] Backtesters { get; init; } = ["factor"];
    /// <summary>Days of history in each data picture.</summary>
    public int Lookback { get; init; } = 30;
    /// <summary>The rows of each data picture: market fields (bar columns, adj_close, return1); AlphaNet's nine by default.</summary>
    public string[] Fields { get; init; } = [.. ResearchPanel.DefaultFields];
    /// <summary>
    /// "Daily" (the fields over lookback days) or "Minute": each stock's intraday bars of the last
    /// lookback days as [4, lookback · bars per day] (return, volume_share, volatility, imbalance),
    /// for sequence models; the market needs intraday bars.
    /// </summary>
    public PictureKind Picture { get; init; } = PictureKind.Daily;
    /// <summary>Intraday bars per day of a generated market (0: daily bars only).</summary>
    public int IntradayBars { get; init; }
    public Normalization Normalization { get; init; } = Normalization.PerStock;
    public int Epochs { get; init; } = 4;
    public int Patience { get; init; } = 1;
    public double LearningRate { get; init; } = 1e-3;
    public EarlyStopMetric EarlyStop { get; init; } = EarlyStopMetric.Icir;
    /// <summary>adamW or rmsprop; "momentum" is RMSprop's (the AlphaNet v1/v3 note: rmsprop with 0.9).</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;
    public double Momentum { get; init; }
    /// <summary>
    /// The liquidity-capped validation score ("earlyStop": "CappedPortfolio"): capital bought into the
    /// top-n by traded value, each buy capped at a share of the stock's traded value.
    /// </summary>
    public double ValidationCapital { get; init; } = 150_000_000;
    public double ValidationLiquidityShare { get; init; } = 0.1;
    public int ValidationTopN { get; init; } = 50;
    public int EnsembleSeeds { get; init; } = 2;
    public bool ShuffleLabels { get; init; }
    /// <summary>An asset embedder plugin ("asset_embedding", or {"name", "config"}): each fit pre-trains it on its own training days and joins every asset's embedding to its picture; null = off.</summary>
    public PluginChoice? Embeddings { get; init; }
    /// <summary>Long/short combo rows added to every training day (never to validation or scored days); null = off.</summary>
    public ComboAugmentation? Combos { get; init; }
    /// <summary>Named rows of `compare`, each a model with its own embeddings/combos choice.</summary>
    public InputVariant[] Variants { get; init; } = [];

    /// <summary>Days with fewer graded stocks get no daily IC/RankIC (the notes: 20).</summary>
    public int IcMinStocks { get; init; } = AlphaHost.Host.Grading.EvaluationConfig.DefaultMinStocks;

    public double InitialCash { get; init; } = 10_000_000;
    public double CostPerSide { get; init; } = 0.0015;

    /// <summary>
    /// The longest one model may take to score one tick; a model that overruns (or throws) is marked
    /// faulted with the reason, and the loop and every other model go on.
    /// </summary>
    public double ScoreBudgetSeconds { get; init; } = 10;

    /// <summary>Ticks per second the clock aims for at the start; 0 runs as fast as possible (the `speed` command changes it live).</summary>
    public double Speed { get; init; }

    /// <summary>Where models train and score: cpu, cuda or cuda:N (CLI --device overrides).</summary>
    public string Device { get; init; } = "cpu";

    public bool Bus { get; init; } = true;
    public string BusPub { get; init; } = "tcp://127.0.0.1:5556";
    public string BusControl { get; init; } = "tcp://127.0.0.1:5557";
    /// <summary>
    /// Folder with the server's server.key (`alphahost keys new --out DIR --name server`): both bus
    /// sockets then use CURVE, and the control socket obeys only commands signed by a key in
    /// <see cref="BusAllow"/>. Needed, with BusAllow, to bind off loopback.
    /// </summary>
    public string BusKeys { get; init; } = "";
    /// <summary>Clients allowed to command the run: an allow-list file (one public key per line) or a folder of their NAME.pub files.</summary>
    public string BusAllow { get; init; } = "";

    /// <summary>
    /// The config from a JSON file (optional) with <paramref name="overrides"/> layered on top; errors
    /// name the file, the key and what was expected.
    /// </summary>
    public static RunConfig Load(string? path, System.Text.Json.Nodes.JsonObject? overrides = null, string overridesName = "command line")
    {
        var layers = new List<ConfigLayer>();
        if (path is not null)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"config {path}: not found");
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path)) as System.Text.Json.Nodes.JsonObject
                       ?? throw new ArgumentException($"config {path}: expected a JSON object");
            layers.Add(new ConfigLayer(path, json));
        }
        if (overrides is not null) layers.Add(new ConfigLayer(overridesName, overrides));
        var config = ConfigSchema.Bind<RunConfig>(layers.ToArray());
        string Where(string key) => layers.LastOrDefault(l => l.Values.ContainsKey(key))?.Source ?? "default";
        return config with
        {
            Model = config.Model.At(Where("model"), "model"),
            Challengers = config.Challengers.Select((c, i) => c.At(Where("challengers"), $"challengers[{i}]")).ToArray(),
            Loss = config.Loss.At(Where("loss"), "loss"),
            Label = config.Label.At(Where("label"), "label"),
            Sampler = config.Sampler.At(Where("sampler"), "sampler"),
            Portfolio = config.Portfolio.At(Where("portfolio"), "portfolio"),
            Backtesters = config.Backtesters.Select((b, i) => b.At(Where("backtesters"), $"backtesters[{i}]")).ToArray(),
            Combinations = config.Combinations.Select((c, i) => c with { Combiner = c.Combiner.At(Where("combinations"), $"combinations[{i}].combiner") }).ToArray(),
            Embeddings = config.Embeddings?.At(Where("embeddings"), "embeddings"),
            Market = config.Market?.At(Where("market"), "market"),
            Variants = config.Variants.Select((v, i) => v with { Model = v.Model.At(Where("variants"), $"variants[{i}].model"), Embeddings = v.Embeddings?.At(Where("variants"), $"variants[{i}].embeddings") }).ToArray(),
        };
    }

    /// <summary>Every model of the run: the champion first, then the challengers.</summary>
    public IEnumerable<PluginChoice> Models => Challengers.Prepend(Model);

    /// <summary>
    /// Builds (and disposes) every plugin the config names, so an unknown name or a bad plugin key
    /// fails with the file and key before any work.
    /// </summary>
    public void CheckPlugins(PluginRegistry plugins)
    {
        if (Market is not null || string.IsNullOrEmpty(MarketDb)) MarketGeneration.Check(plugins, MarketChoice(plugins, seed: 1));
        foreach (var model in Models) plugins.Check<IModel>(model);
        plugins.Check<ILoss>(Loss);
        plugins.Check<ILabel>(Label);
        plugins.Check<ISampler>(Sampler);
        plugins.Check<IPortfolioBuilder>(Portfolio);
        foreach (var backtester in Backtesters) plugins.Check<IBacktester>(backtester);
        ModelTraining.CheckLossFitsLabel(plugins, Loss, Label);
        var twice = Models.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new PluginLoadException($"{twice.Last().Source}: model '{twice.Key}' is named twice; a run holds one live model per name");
        if (Embeddings is not null) plugins.Check<IAssetEmbedder>(Embeddings);
        foreach (var variant in Variants)
        {
            plugins.Check<IModel>(variant.Model);
            if (variant.Embeddings is not null) plugins.Check<IAssetEmbedder>(variant.Embeddings);
            if (plugins.Get<IModel>(variant.Name) is not null || Combinations.Any(c => c.Name == variant.Name))
                throw new PluginLoadException($"variant '{variant.Name}': key 'name': '{variant.Name}' is a model plugin's or combination's name; name the variant differently");
        }
        foreach (var combination in Combinations)
        {
            plugins.Check<ICombiner>(combination.Combiner);
            foreach (var member in combination.Members) plugins.Check<IModel>(new PluginChoice(member) { Source = $"combination '{combination.Name}': key 'members'" });
            if (plugins.Get<IModel>(combination.Name) is not null)
                throw new PluginLoadException($"combination '{combination.Name}': key 'name': '{combination.Name}' is a model plugin's name; name the combination differently");
        }
    }

    /// <summary>
    /// The generator of a market generated for this run with <paramref name="seed"/>: the "market"
    /// section (or "marketKind"'s generator) over the shorthand keys the generator takes.
    /// </summary>
    public PluginChoice MarketChoice(PluginRegistry plugins, long seed)
    {
        var name = MarketName;
        var keys = plugins.KeysOf(name);
        var shorthand = new System.Text.Json.Nodes.JsonObject();
        void Put(string key, System.Text.Json.Nodes.JsonNode value)
        {
            if (keys.Contains(key)) shorthand[key] = value;
        }
        Put(keys.Contains("stocks") ? "stocks" : "contracts", Stocks);
        Put("days", Days);
        Put("alphaStrength", AlphaStrength);
        Put("intradayBars", IntradayBars);
        Put("seed", seed);
        var choice = Market ?? new PluginChoice(name) { Source = "run config: key 'marketKind'" };
        return choice with { Beneath = new ConfigLayer("run config: keys stocks, days, alphaStrength, intradayBars and the run's seed", shorthand) };
    }

    /// <summary>The market generator plugin's name: the "market" section's, else "marketKind"'s generator.</summary>
    public string MarketName => Market?.Name ?? (MarketKind == SyntheticMarketKind.Futures ? MarketGeneration.Futures : MarketGeneration.Equities);

    /// <summary>Intraday bars a day of the market generated for this run (the "market" section's own key wins).</summary>
    public int GeneratedIntradayBars =>
        Market?.Config?["intradayBars"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<int>(out var bars) ? bars : IntradayBars;

    /// <summary>
    /// What the rolling protocol fits at each retrain for <paramref name="model"/>: a model plugin
    /// with the top level's embeddings and combos, or a variant's model with the variant's (and its
    /// picture and lookback, the top level's when it names none).
    /// </summary>
    public FitSpec FitSpec(PluginChoice model) => Variants.FirstOrDefault(v => v.Name == model.Name) is { } variant
        ? Spec(variant.Model) with { Embeddings = variant.Embeddings, Combos = variant.Combos, Picture = variant.PictureOr(Picture), Lookback = variant.Lookback ?? Lookback }
        : Spec(model);

    private FitSpec Spec(PluginChoice model) => new(model, Loss, Label, Normalization,
        new TrainerConfig { Epochs = Epochs, Patience = Patience, LearningRate = LearningRate, EarlyStop = EarlyStop, Optimizer = Optimizer, Momentum = Momentum,
            Capital = ValidationCapital, LiquidityShare = ValidationLiquidityShare, TopN = ValidationTopN },
        EnsembleSeeds, ShuffleLabels, Device, Lookback, Embeddings, Combos, Picture);

    public override IEnumerable<ConfigError> Validate()
    {
        if (Stocks < 10) yield return new(nameof(Stocks), "an integer >= 10", Stocks);
        if (Days < 100) yield return new(nameof(Days), "an integer >= 100", Days);
        if (Lookback < 2) yield return new(nameof(Lookback), "an integer >= 2", Lookback);
        if (IntradayBars is < 0 or > 480) yield return new(nameof(IntradayBars), "0 (daily only) to 480", IntradayBars);
        if (ResearchPanel.UnknownField(Fields) is { } fieldProblem) yield return new(nameof(Fields), $"market fields ({fieldProblem})", string.Join(", ", Fields));
        // Minute pictures have their own four rows; "fields" only shapes daily pictures, so naming fields no row reads is a mistake.
        if (Picture == PictureKind.Minute && Variants.All(v => v.PictureOr(Picture) == PictureKind.Minute) && !Fields.SequenceEqual(ResearchPanel.DefaultFields))
            yield return new(nameof(Fields), "no \"fields\" with \"picture\": \"Minute\" (minute pictures are return, volume_share, volatility and imbalance; fields shape daily pictures only)", string.Join(", ", Fields));
        if (!(Speed >= 0) || double.IsInfinity(Speed)) yield return new(nameof(Speed), "ticks per second >= 0 (0 = as fast as possible)", Speed);
        if (!(ScoreBudgetSeconds > 0) || double.IsInfinity(ScoreBudgetSeconds)) yield return new(nameof(ScoreBudgetSeconds), "a positive number of seconds", ScoreBudgetSeconds);
        if (Epochs < 1) yield return new(nameof(Epochs), "an integer >= 1", Epochs);
        if (Momentum is < 0 or >= 1 || double.IsNaN(Momentum)) yield return new(nameof(Momentum), "a number in [0, 1)", Momentum);
        if (Momentum > 0 && Optimizer != OptimizerKind.RmsProp) yield return new(nameof(Momentum), "0 unless \"optimizer\" is \"rmsprop\"", Momentum);
        if (!(ValidationCapital > 0) || double.IsInfinity(ValidationCapital)) yield return new(nameof(ValidationCapital), "a positive amount", ValidationCapital);
        if (ValidationLiquidityShare is <= 0 or > 1 || double.IsNaN(ValidationLiquidityShare)) yield return new(nameof(ValidationLiquidityShare), "a number in (0, 1]", ValidationLiquidityShare);
        if (ValidationTopN < 1) yield return new(nameof(ValidationTopN), "an integer >= 1", ValidationTopN);
        if (IcMinStocks < 2) yield return new(nameof(IcMinStocks), "an integer >= 2", IcMinStocks);
        if (EnsembleSeeds < 1) yield return new(nameof(EnsembleSeeds), "an integer >= 1", EnsembleSeeds);
        if (!(InitialCash > 0)) yield return new(nameof(InitialCash), "a positive number", InitialCash);
        foreach (var c in Combinations)
            if (c.Problem() is { } problem) yield return new(nameof(Combinations), problem, c.Name);
        if (Combinations.Select(c => c.Name).Distinct().Count() != Combinations.Length) yield return new(nameof(Combinations), "combinations with different names", string.Join(", ", Combinations.Select(c => c.Name)));
        if (Combos?.Problem() is { } comboProblem) yield return new(nameof(Combos), comboProblem, "");
        foreach (var v in Variants)
            if (v.Problem() is { } problem) yield return new(nameof(Variants), problem, v.Name);
        if (Variants.Select(v => v.Name).Distinct().Count() != Variants.Length) yield return new(nameof(Variants), "variants with different names", string.Join(", ", Variants.Select(v => v.Name)));
        if (!AlphaHost.Sdk.Tensors.TorchDevices.IsWellFormed(Device)) yield return new(nameof(Device), "cpu, cuda or cuda:N", Device);
        if (!Bus) yield break;
        if (BusKeys.Length > 0 && BusAllow.Length == 0) yield return new(nameof(BusAllow), "the clients' allow-list file or folder of *.pub files, since busKeys is set", BusAllow);
        if (BusAllow.Length > 0 && BusKeys.Length == 0) yield return new(nameof(BusKeys), "the folder with server.key, since busAllow is set", BusKeys);
        if (BusKeys.Length > 0) yield break;
        const string offLoopback = "a loopback endpoint, or busKeys and busAllow to bind off loopback";
        if (!BusEndpoints.IsLocal(BusPub)) yield return new(nameof(BusPub), offLoopback, BusPub);
        if (!BusEndpoints.IsLocal(BusControl)) yield return new(nameof(BusControl), offLoopback, BusControl);
    }
}

/// <summary>Which synthetic market a run generates (run config "marketKind").</summary>
public enum SyntheticMarketKind { Equities, Futures }
