using AlphaHost.Host.Reports;
using AlphaHost.Host.Trading;

namespace AlphaHost.Host.Tests.Reports;

public class PaperReportTests
{
    private static readonly DateOnly D0 = new(2024, 1, 2);

    private static TradingPoint P(int t, decimal nav, double bench, double turnover, decimal costs) =>
        new(t, D0.AddDays(t), 0, nav, (double)(nav / 1_000_000m), bench, 0, 0, turnover, costs);

    // Two warm-up days in cash (the index moves +10% meanwhile), first fills on tick 2.
    private static readonly TradingPoint[] Series =
    [
        P(0, 1_000_000m, 1.00, 0, 0),
        P(1, 1_000_000m, 1.10, 0, 0),
        P(2, 990_000m, 1.21, 0.5, 1_000m),
        P(3, 1_039_500m, 1.10, 0.1, 500m),
    ];

    [Fact]
    public void ComparisonsStartAtTheCloseBeforeTheFirstFill()
    {
        var perf = PaperPerformance.From(Series);
        Assert.Equal(2, perf.WarmupDays);
        Assert.Equal(D0.AddDays(1), perf.Start);
        Assert.Equal(2, perf.Days);
        // Both rebased to 1 on the base close: the warm-up's +10% of the index is not counted against the portfolio.
        Assert.Equal([1.0, 0.99, 1.0395], perf.Nav.Select(p => Math.Round(p.Strategy, 12)));
        Assert.Equal([1.0, 1.1, 1.0], perf.Nav.Select(p => Math.Round(p.Benchmark, 12)));
    }

    [Fact]
    public void AnnualFiguresAndCostsAreTheHandComputedOnes()
    {
        var perf = PaperPerformance.From(Series);
        // Daily returns −1%, +5%: mean 2%, sample sd 0.03·√2.
        double sd = 0.03 * Math.Sqrt(2);
        Assert.Equal(0.0395, perf.Portfolio.TotalReturn, 12);
        Assert.Equal(Math.Pow(1.0395, 252 / 2.0) - 1, perf.Portfolio.AnnualReturn, 9);
        Assert.Equal(sd * Math.Sqrt(252), perf.Portfolio.AnnualVol, 12);
        Assert.Equal(0.02 / sd * Math.Sqrt(252), perf.Portfolio.Sharpe, 9);
        Assert.Equal(-0.01, perf.Portfolio.MaxDrawdown, 12);
        Assert.Equal(0, perf.Benchmark.TotalReturn, 12);
        Assert.Equal(1.10 / 1.21 - 1, perf.Benchmark.MaxDrawdown, 12);
        // 1,500 paid over 2 days on an average NAV of 1,014,750, per 252-day year.
        Assert.Equal(1_500m, perf.Costs);
        Assert.Equal(1_500 / 1_014_750.0 * 126, perf.CostsPerYearOfAverageNav, 12);
        Assert.Equal(0.3, perf.MeanTurnover, 12);
    }

    [Fact]
    public void NoFillMeansNoComparison()
    {
        var perf = PaperPerformance.From(Series.Take(2).ToArray());
        Assert.Null(perf.Start);
        Assert.Equal(2, perf.WarmupDays);
        Assert.Empty(perf.Nav);
    }

    [Theory]
    [InlineData(4_428_580.4, "4,428,580")]
    [InlineData(17_974_896.0, "17,974,896")]
    public void MoneyHasThousandsSeparatorsAndNoExponent(double x, string expected) => Assert.Equal(expected, ReportFormat.Money(x));

    [Theory]
    [InlineData(4.42858e6, "4,428,580")]
    [InlineData(-0.992424, "-0.9924")]
    [InlineData(13820.0, "13,820")]
    [InlineData(3.0, "3")]
    [InlineData(1.5e-7, "0.0000")]
    public void UnknownNumbersNeverUseScientificNotation(double x, string expected) => Assert.Equal(expected, ReportFormat.Plain(x));

    [Fact]
    public void KnownPaperKeysReadAsPercentAndMoney()
    {
        var rows = ReportFormat.SummaryRows(new Dictionary<string, object>
        {
            ["paper_annual_return"] = 0.1234, ["paper_costs_per_year_of_avg_nav"] = 0.0567, ["final_nav"] = 17_974_896.4m,
            ["costs_paid"] = 4_428_580.0m, ["max_drawdown"] = -0.992424, ["some_new_count"] = 4.42858e6, ["fills"] = 13820,
        }).ToDictionary(r => r.Label, r => r.Value);
        Assert.Equal("12.34%", rows["paper portfolio: annual return"]);
        Assert.Equal("5.67%", rows["paper portfolio: costs per year, % of average NAV"]);
        Assert.Equal("17,974,896", rows["final NAV"]);
        Assert.Equal("4,428,580", rows["costs paid"]);
        Assert.Equal("-99.24%", rows["paper portfolio: max drawdown, whole run"]);
        Assert.Equal("4,428,580", rows["some_new_count"]);
        Assert.Equal("13,820", rows["fills"]);
        Assert.DoesNotContain(rows.Values, v => v.Contains('E'));
    }

    [Fact]
    public void TheHeadlineComesFirstInReportMd()
    {
        var data = new ReportData { Title = "t", Headline = [("factor", "RankIC 0.0800 ± 0.0070"), ("costs", "1,234 paid")] };
        var lines = MarkdownReport.Render(data).Split('\n');
        Assert.Equal("# t", lines[0]);
        Assert.Equal("- **factor**: RankIC 0.0800 ± 0.0070", lines[2]);
        Assert.Equal("- **costs**: 1,234 paid", lines[3]);
    }
}
