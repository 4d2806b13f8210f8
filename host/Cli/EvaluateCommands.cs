using AlphaHost.Sdk.Statistics;
using System.CommandLine;
using System.Globalization;
using AlphaHost.Host.Reports;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Grading;

namespace AlphaHost.Host.Cli;

/// <summary>What `alphahost evaluate` was asked to do.</summary>
public sealed record EvaluateRequest(string Db, string Factor, string Out)
{
    public int Horizon { get; init; } = 5;
    public string Price { get; init; } = "close";
    public int Quantiles { get; init; } = 5;
    public double Cost { get; init; } = EvaluationConfig.DefaultCostPerSide;
    public string? Benchmark { get; init; }
    public int MinStocks { get; init; } = EvaluationConfig.DefaultMinStocks;
    /// <summary>Backtester plugins also fed the factor (by name, from <see cref="PluginsDir"/>).</summary>
    public IReadOnlyList<string> Backtesters { get; init; } = [];
    public string? PluginsDir { get; init; }
}

/// <summary>`alphahost evaluate`: grade a factor CSV (date,code,value) made anywhere against a market database.</summary>
public static class EvaluateCommands
{
    public static Command Build()
    {
        var db = new Option<string>("--db") { Description = "market SQLite file (alphahost market generate|import)", Required = true };
        var factor = new Option<string>("--factor") { Description = "factor CSV with header date,code,value", Required = true };
        var horizon = new Option<int>("--horizon") { Description = "forward horizon H in trading days", DefaultValueFactory = _ => 5 };
        var price = new Option<string>("--price") { Description = "close: p[t+H]/p[t]-1; open or vwap: enter at t+1, p[t+1+H]/p[t+1]-1", DefaultValueFactory = _ => "close" };
        var quantiles = new Option<int>("--quantiles") { Description = "quantile groups (5 or 10 usual)", DefaultValueFactory = _ => 5 };
        var cost = new Option<double>("--cost") { Description = "cost per side as a fraction of value traded", DefaultValueFactory = _ => EvaluationConfig.DefaultCostPerSide };
        var benchmark = new Option<string?>("--benchmark") { Description = $"index to beat (default '{MarketFactorEvaluation.DefaultBenchmark}' when the market has it, else the equal-weight universe)" };
        var minStocks = new Option<int>("--min-stocks") { Description = "days with fewer stocks get no IC/RankIC", DefaultValueFactory = _ => EvaluationConfig.DefaultMinStocks };
        var backtesters = new Option<string[]>("--backtester") { Description = "a Backtester plugin also fed the factor (repeatable): each day d with the close-to-close return to d + H; its metrics go to metrics.json backtesters.NAME" };
        var plugins = CliOptions.Plugins();
        var output = new Option<string>("--out") { Description = "folder for metrics.json, report.md, report.html", Required = true };
        var cmd = new Command("evaluate", "grade a factor: IC, RankIC, ICIR, IC decay, quantile returns, turnover, per-year alpha; writes metrics.json and reports");
        foreach (var o in new Option[] { db, factor, horizon, price, quantiles, cost, benchmark, minStocks, backtesters, plugins, output }) cmd.Options.Add(o);
        cmd.SetAction(parse => Run(new EvaluateRequest(parse.GetValue(db)!, parse.GetValue(factor)!, parse.GetValue(output)!)
        {
            Horizon = parse.GetValue(horizon),
            Price = parse.GetValue(price)!,
            Quantiles = parse.GetValue(quantiles),
            Cost = parse.GetValue(cost),
            Benchmark = parse.GetValue(benchmark),
            MinStocks = parse.GetValue(minStocks),
            Backtesters = parse.GetValue(backtesters) ?? [],
            PluginsDir = parse.GetValue(plugins),
        }, Console.Out, Console.Error));
        return cmd;
    }

    /// <summary>Grades, writes the three files, prints a short summary; on bad input one line on <paramref name="error"/> and exit code 1.</summary>
    public static int Run(EvaluateRequest request, TextWriter output, TextWriter error)
    {
        try
        {
            var config = new EvaluationConfig
            {
                Horizon = request.Horizon,
                Quantiles = request.Quantiles,
                CostPerSide = request.Cost,
                Price = ParsePrice(request.Price),
                MinStocks = request.MinStocks,
            };
            config.Validate();
            var factorFile = FactorFile.Read(request.Factor);
            using var market = MarketDatabase.Open(request.Db);
            var evaluation = new MarketFactorEvaluation(market, factorFile, config, request.Benchmark);
            var backtests = request.Backtesters.Count == 0 ? null : Backtest(request, factorFile, output);
            ReportWriter.Write(request.Out, Report(evaluation, factorFile.Path, market.Path, backtests));
            PrintSummary(evaluation, request.Out, output);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException
                                       or Microsoft.Data.Sqlite.SqliteException or AlphaHost.Host.Plugins.PluginLoadException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Feeds the factor to the named backtester plugins in date order, as a run does: each day d that
    /// has scores and a close H days later, with the adjusted close-to-close return to it.
    /// </summary>
    private static AlphaHost.Host.Run.BacktestPart Backtest(EvaluateRequest request, FactorFile factor, TextWriter output)
    {
        using var plugins = AlphaHost.Host.Plugins.PluginHost.Open(request.PluginsDir ?? PluginsCommands.DefaultDirectory,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, output);
        var backtesters = new AlphaHost.Host.Run.Backtesters(plugins.Registry, request.Backtesters.Select(name => new AlphaHost.Host.Plugins.PluginChoice(name) { Source = "--backtester" }));
        using var panel = Research.ResearchPanel.Load(request.Db, lookback: 2);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var closes = panel.AdjustedClose.data<double>().ToArray();
        var scores = Research.FactorCsv.Place(factor, panel.Dates, panel.Codes, "the market has no bar for it");
        foreach (int day in scores.ScoredDays.Where(d => d + request.Horizon < panel.Days))
            backtesters.Observe(AlphaHost.Host.Run.Backtesters.Day(panel, closes, day, request.Horizon, scores[day]!),
                (name, reason) => output.WriteLine($"backtester {name} faulted on {panel.Dates[day]:yyyy-MM-dd} and is skipped: {reason}"));
        return backtesters.Part();
    }

    private static EntryPrice ParsePrice(string value) => value.ToLowerInvariant() switch
    {
        "close" => EntryPrice.Close,
        "open" => EntryPrice.Open,
        "vwap" => EntryPrice.Vwap,
        _ => throw new ArgumentException($"--price {value}: expected close, open or vwap"),
    };

    /// <summary>The report of a graded factor: evaluation metrics plus the benchmark used and, on a synthetic market, the oracle RankIC.</summary>
    public static ReportData Report(MarketFactorEvaluation evaluation, string factorPath, string marketPath, AlphaHost.Host.Run.BacktestPart? backtests = null)
    {
        var r = evaluation.Result;
        var data = ReportData.FromEvaluation($"Factor evaluation: {Path.GetFileName(factorPath)}", r);
        var extra = new Dictionary<string, object> { ["benchmark"] = evaluation.BenchmarkLabel };
        if (backtests is not null)
        {
            extra["backtesters"] = backtests.Metrics.ToDictionary(b => b.Key, b => (object)b.Value);
            if (backtests.Faults.Count > 0) extra["backtester_faults"] = backtests.Faults;
        }
        if (double.IsFinite(evaluation.Oracle)) extra["oracle_rank_ic"] = evaluation.Oracle;
        return data.WithMetrics(extra) with
        {
            Context =
            [
                ("factor", factorPath),
                ("market", marketPath),
                ("horizon", $"{r.Config.Horizon} days, {r.Config.Price.ToString().ToLowerInvariant()} prices"),
                ("benchmark", evaluation.BenchmarkLabel),
                ("quantiles", r.Config.Quantiles.ToString(CultureInfo.InvariantCulture)),
                ("cost", $"{ReportFormat.Percent(r.Config.CostPerSide, 3)} per side"),
            ],
            Notes = double.IsFinite(evaluation.Oracle)
                ? [.. data.Notes, $"oracle RankIC: the synthetic market's planted alpha graded the same way (close to close, {r.Config.Horizon}-day horizon, every day of the market) - the best any factor could reach."]
                : data.Notes,
        };
    }

    private static void PrintSummary(MarketFactorEvaluation evaluation, string dir, TextWriter output)
    {
        var r = evaluation.Result;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"graded {r.Ic.Count} days at horizon {r.Config.Horizon} ({r.Config.Price.ToString().ToLowerInvariant()}), benchmark {evaluation.BenchmarkLabel}"));
        output.WriteLine(string.Create(inv, $"rank_ic_mean {r.RankIcMean:F4}  rank_icir {r.RankIcir:F3}  ic_mean {r.IcMean:F4}  icir {r.Icir:F3}")
                         + (double.IsFinite(evaluation.Oracle) ? string.Create(inv, $"  oracle_rank_ic {evaluation.Oracle:F4}") : ""));
        output.WriteLine($"long_short_return {ReportFormat.Percent(r.LongShortReturn, 3)}  turnover {ReportFormat.Percent(r.Turnover, 1)}  " +
                         $"alpha {ReportFormat.Percent(r.Overall.AlphaReturn)}/yr after costs ({ReportFormat.Percent(r.Overall.AlphaReturnNc)} before), " +
                         $"Sharpe {ReportFormat.Number(r.Overall.AlphaSharpe, 2)}, max drawdown {ReportFormat.Percent(r.Overall.AlphaDrawdown)}");
        output.WriteLine($"wrote {Path.Combine(dir, ReportWriter.MetricsFile)}, {Path.Combine(dir, ReportWriter.MarkdownFile)}, {Path.Combine(dir, ReportWriter.HtmlFile)}");
    }
}
