using System.Text.Json;
using AlphaHost.Host.Reports;

namespace AlphaHost.Host.Tests.Reports;

public class MetricsJsonTests
{
    [Fact]
    public void PlainNumbersWithNullWhereNotMeasurable()
    {
        var json = MetricsJson.Render(new Dictionary<string, object>
        {
            ["ic_mean"] = 0.0125,
            ["icir"] = double.NaN,
            ["final_nav"] = 1234.56m,
            ["fills"] = 7,
            ["quantile_returns"] = new[] { -0.01, double.PositiveInfinity, 0.02 },
            ["rejected_by_rule"] = new SortedDictionary<string, int> { ["limit_up"] = 2 },
            ["price"] = "close",
        });
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(0.0125, root.GetProperty("ic_mean").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("icir").ValueKind);
        Assert.Equal(1234.56m, root.GetProperty("final_nav").GetDecimal());
        Assert.Equal(7, root.GetProperty("fills").GetInt32());
        var q = root.GetProperty("quantile_returns").EnumerateArray().ToArray();
        Assert.Equal(-0.01, q[0].GetDouble());
        Assert.Equal(JsonValueKind.Null, q[1].ValueKind);
        Assert.Equal(2, root.GetProperty("rejected_by_rule").GetProperty("limit_up").GetInt32());
        Assert.Equal("close", root.GetProperty("price").GetString());
    }

    [Fact]
    public void EvaluationMetricsHoldTheArchitectureKeys()
    {
        var root = JsonDocument.Parse(MetricsJson.Render(ReportSamples.Evaluation().ToMetrics())).RootElement;
        foreach (var key in new[] { "ic_mean", "rank_ic_mean", "icir", "rank_icir", "ic_decay", "quantile_returns", "long_short_return", "turnover", "by_year" })
            Assert.True(root.TryGetProperty(key, out _), key);
        var years = root.GetProperty("by_year").EnumerateArray().ToArray();
        Assert.Equal([2020, 2021], years.Select(y => y.GetProperty("year").GetInt32()));
        Assert.Equal(252 * -0.002, years[1].GetProperty("alpha_return").GetDouble(), 10);
        Assert.Equal(JsonValueKind.Null, years[1].GetProperty("alpha_sharpe").ValueKind); // one day: no spread
        foreach (var key in new[] { "alpha_return_nc", "alpha_sharpe_nc", "alpha_drawdown", "turnover" })
            Assert.True(years[0].TryGetProperty(key, out _), key);
    }

    [Fact]
    public void AValueThatIsNotPlainDataIsRefusedNamingItsKey()
    {
        var e = Assert.Throws<ArgumentException>(() => MetricsJson.Render(new Dictionary<string, object> { ["nested"] = new Dictionary<string, object> { ["when"] = TimeSpan.FromSeconds(1) } }));
        Assert.Contains("'nested.when'", e.Message);
    }
}
