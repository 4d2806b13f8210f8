using AlphaHost.Host.Reports;

namespace AlphaHost.Host.Tests.Reports;

public class MarkdownReportTests
{
    private static string Sharpe(params double[] daily)
    {
        double mean = daily.Average(), sd = Math.Sqrt(daily.Sum(x => (x - mean) * (x - mean)) / (daily.Length - 1));
        return (mean / sd * Math.Sqrt(252)).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string[] Lines() => MarkdownReport.Render(ReportSamples.Full()).Split('\n');

    [Fact]
    public void PerYearTableHoldsTheHandComputedAlpha()
    {
        var lines = Lines();
        Assert.Contains("| year | days | alpha return | alpha return (no costs) | alpha Sharpe | alpha Sharpe (no costs) | alpha max drawdown | alpha max drawdown (no costs) | turnover |", lines);
        // 2020: 252 × mean(.139, .005) = 18.144; no costs 252 × mean(.14, .005) = 18.27; no drawdown; one rebalance, nothing traded.
        Assert.Contains($"| 2020 | 2 | 1814.40% | 1827.00% | {Sharpe(0.139, 0.005)} | {Sharpe(0.14, 0.005)} | 0.00% | 0.00% | 0.0% |", lines);
        // 2021: one day, −.002 after costs (everything traded: 2 × .1%), 0 before — a 0.2 % fall with
        // costs, none without; Sharpe needs two days.
        Assert.Contains("| 2021 | 1 | -50.40% | 0.00% | n/a | n/a | 0.20% | 0.00% | 100.0% |", lines);
        // Whole period: 252 × .142 / 3 = 11.928, 252 × .145 / 3 = 12.18; turnover mean(0, 1).
        Assert.Contains($"| all | 3 | 1192.80% | 1218.00% | {Sharpe(0.139, 0.005, -0.002)} | {Sharpe(0.14, 0.005, 0)} | 0.20% | 0.00% | 50.0% |", lines);
    }

    [Fact]
    public void SummaryQuantilesDecayAndDefinitions()
    {
        var lines = Lines();
        Assert.Equal("# Sample report", lines[0]);
        Assert.Contains("- factor: sample.csv", lines);
        double rankIc = (4.5 / Math.Sqrt(22.5) + 0 + 1.5 / Math.Sqrt(22.5)) / 3;
        Assert.Contains($"| RankIC mean | {rankIc.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)} |", lines);
        // 1-day quantile returns: low (0, .025, 0), high (.15, .025, 0).
        Assert.Contains("| 1 | 0.833% |", lines);
        Assert.Contains("| 2 | 5.833% |", lines);
        Assert.Contains($"| 1 | {rankIc.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)} | 3 |", lines); // decay at horizon 1 = the RankIC
        Assert.Contains(lines, l => l.StartsWith("- Daily alpha a_t = equal-weight top-quantile return - benchmark return - cost_t"));
        Assert.Contains(lines, l => l.Contains("Cost per side: 0.100%."));
    }

    [Fact]
    public void ExtraMetricsFromARunAppearInTheSummary()
    {
        var data = ReportSamples.Full().WithMetrics(new Dictionary<string, object>
        {
            ["final_nav"] = 1_234_567.891m,
            ["fills"] = 42,
            ["rejected_by_rule"] = new SortedDictionary<string, int> { ["limit_up"] = 3, ["suspended"] = 1 },
        });
        var lines = MarkdownReport.Render(data).Split('\n');
        Assert.Contains("| final NAV | 1,234,568 |", lines); // money: whole units, thousands separators (issue 17)
        Assert.Contains("| fills | 42 |", lines);
        Assert.Contains("| rejected_by_rule | limit_up: 3, suspended: 1 |", lines);
    }
}
