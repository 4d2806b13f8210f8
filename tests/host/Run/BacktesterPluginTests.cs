using System.Globalization;
using System.Text.Json.Nodes;
using AlphaHost.Host.Research;
using TorchSharp;

namespace AlphaHost.Host.Tests.Run;

/// <summary>
/// The run config's "backtesters": each named plugin (built-in or a user's .cs) is fed the champion's
/// scores of day d with the return from d's close to d + H's close, at tick d + H; metrics.json carries
/// each one's metrics, and one that throws is faulted while the run and the others go on.
/// </summary>
[Collection("alphahost run")]
public class BacktesterPluginTests : IDisposable
{
    private readonly ScratchDir scratch = new();

    public void Dispose() => scratch.Dispose();

    /// <summary>Counts the days it is fed and keeps the first one's date and its forward returns summed over the scored stocks.</summary>
    private const string Recorder = """
        using AlphaHost.Sdk.Plugins;
        public sealed class Recorder : IBacktester
        {
            private int days;
            private double firstDate = double.NaN, firstSum = double.NaN, lastDate = double.NaN;
            public PluginInfo Info => new("recorder", "1.0.0", PluginFamily.Backtester, "records what it is fed", []);
            public void Observe(ScoredDay day)
            {
                double sum = 0;
                for (int i = 0; i < day.Count; i++)
                    if (double.IsFinite(day.Scores[i]) && double.IsFinite(day.ForwardReturns[i])) sum += day.ForwardReturns[i];
                double date = day.Date.Year * 10000 + day.Date.Month * 100 + day.Date.Day;
                if (days++ == 0) { firstDate = date; firstSum = sum; }
                lastDate = date;
            }
            public System.Collections.Generic.IReadOnlyDictionary<string, double> Metrics() => new System.Collections.Generic.Dictionary<string, double>
            {
                ["days"] = days, ["first_date"] = firstDate, ["first_forward_sum"] = firstSum, ["last_date"] = lastDate,
            };
        }
        """;

    /// <summary>Throws on a real market's days (the self-test's synthetic days have 4 stocks).</summary>
    private const string Thrower = """
        using AlphaHost.Sdk.Plugins;
        public sealed class Thrower : IBacktester
        {
            public PluginInfo Info => new("thrower", "1.0.0", PluginFamily.Backtester, "throws", []);
            public void Observe(ScoredDay day) { if (day.Count > 4) throw new System.InvalidOperationException("boom on purpose"); }
            public System.Collections.Generic.IReadOnlyDictionary<string, double> Metrics() => new System.Collections.Generic.Dictionary<string, double>();
        }
        """;

    private static int DateNumber(DateOnly d) => d.Year * 10000 + d.Month * 100 + d.Day;

    [Fact]
    public void EachBacktesterIsFedTheChampionsDaysOnceTheirReturnIsKnown()
    {
        var plugins = RunKit.CopyBuiltInPlugins(Path.Combine(scratch.Path, "plugins"));
        File.WriteAllText(Path.Combine(plugins, "recorder.cs"), Recorder);
        File.WriteAllText(Path.Combine(plugins, "thrower.cs"), Thrower);
        var config = RunKit.TinyConfig(scratch.Path);
        var json = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json["backtesters"] = new JsonArray("factor", "recorder", "thrower");
        File.WriteAllText(config, json.ToJsonString());
        var runDir = Path.Combine(scratch.Path, "run");
        var (code, output) = RunKit.Run(TimeSpan.FromSeconds(120), "--config", config, "--out", runDir, "--seed", "3", "--headless", "--plugins", plugins);
        Assert.True(code == 0, output);
        Assert.Contains("backtester thrower faulted", output);

        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "metrics.json")))!.AsObject();
        var recorder = metrics["backtesters"]!["recorder"]!;
        Assert.Contains("boom on purpose", (string)metrics["backtester_faults"]!["thrower"]!);
        Assert.Null(metrics["backtesters"]!["thrower"]);
        Assert.True(double.IsFinite((double)metrics["backtesters"]!["factor"]!["rank_ic_mean"]!));

        // Independently: the champion's scored days from factor.csv, the 5-day forward returns from the market's adjusted closes.
        using var panel = ResearchPanel.Load(Path.Combine(runDir, "market.db"));
        const int horizon = 5;
        var scored = File.ReadLines(Path.Combine(runDir, "factor.csv")).Skip(1)
            .Select(line => line.Split(','))
            .GroupBy(f => DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Select(f => f[1]).ToHashSet());
        var dayOf = panel.Dates.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i);
        var fed = scored.Keys.Where(d => dayOf[d] + horizon < panel.Days).Order().ToArray();
        Assert.True(fed.Length > 20, $"only {fed.Length} days were scored");
        Assert.Equal(fed.Length, (int)(double)recorder["days"]!);
        Assert.Equal(DateNumber(fed[0]), (int)(double)recorder["first_date"]!);
        Assert.Equal(DateNumber(fed[^1]), (int)(double)recorder["last_date"]!);

        using var scope = torch.NewDisposeScope();
        var closes = panel.AdjustedClose.data<double>().ToArray();
        int day = dayOf[fed[0]];
        double expected = 0;
        for (int s = 0; s < panel.Stocks; s++)
        {
            if (!scored[fed[0]].Contains(panel.Codes[s])) continue;
            double r = closes[(day + horizon) * panel.Stocks + s] / closes[day * panel.Stocks + s] - 1;
            if (double.IsFinite(r)) expected += r;
        }
        Assert.Equal(expected, (double)recorder["first_forward_sum"]!, 12);
    }
}
