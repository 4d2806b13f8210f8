namespace AlphaHost.Host.Trading;

/// <summary>One tick of the run: NAV and benchmark (both 1.0-based), their ratio, drawdown, turnover and costs.</summary>
public sealed record TradingPoint(
    int Tick, DateOnly Date, int BarOfDay,
    decimal Nav, double NavIndex, double Benchmark, double ExcessNav, double Drawdown,
    double Turnover, decimal Costs);

/// <summary>
/// What a paper-trading run produced, read back from its ledger (so a resumed run reports exactly
/// what an uninterrupted one does). Turnover is one-way: traded value / (2 × NAV) per tick.
/// Excess NAV = (NAV / initial cash) / benchmark.
/// </summary>
public sealed record TradingResults(
    IReadOnlyList<TradingPoint> Series,
    decimal InitialCash,
    decimal FinalNav,
    double TotalReturn,
    double BenchmarkReturn,
    double ExcessReturn,
    double MaxDrawdown,
    double MeanTurnover,
    decimal Commission,
    decimal StampDuty,
    decimal Slippage,
    int Fills,
    IReadOnlyDictionary<string, int> RejectedByRule)
{
    public decimal CostsPaid => Commission + StampDuty + Slippage;

    /// <summary>The paper-trading keys of metrics.json, as plain numbers.</summary>
    public Dictionary<string, object> ToMetrics() => new()
    {
        ["final_nav"] = FinalNav,
        ["total_return"] = TotalReturn,
        ["benchmark_return"] = BenchmarkReturn,
        ["excess_return"] = ExcessReturn,
        ["max_drawdown"] = MaxDrawdown,
        ["turnover"] = MeanTurnover,
        ["costs_paid"] = CostsPaid,
        ["commission"] = Commission,
        ["stamp_duty"] = StampDuty,
        ["slippage"] = Slippage,
        ["fills"] = Fills,
        ["rejected_by_rule"] = RejectedByRule,
    };

    public static TradingResults FromLedger(Ledger ledger)
    {
        decimal initial = ledger.InitialCash;
        var series = new List<TradingPoint>();
        double peak = 1.0, maxDd = 0;
        using (var r = ledger.Query("SELECT tick, date, bar_of_day, nav, benchmark, traded_value, costs FROM ticks ORDER BY tick"))
            while (r.Read())
            {
                decimal nav = Money.Parse(r.GetString(3));
                double navIndex = (double)(nav / initial);
                double benchmark = r.GetDouble(4);
                peak = Math.Max(peak, navIndex);
                double dd = navIndex / peak - 1;
                maxDd = Math.Min(maxDd, dd);
                double turnover = nav > 0 ? (double)(Money.Parse(r.GetString(5)) / (2 * nav)) : 0;
                series.Add(new TradingPoint(r.GetInt32(0), Ledger.ParseDate(r.GetString(1)), r.GetInt32(2),
                    nav, navIndex, benchmark, navIndex / benchmark, dd, turnover, Money.Parse(r.GetString(6))));
            }

        decimal commission = 0, stamp = 0, slippage = 0;
        int fills = 0;
        using (var r = ledger.Query("SELECT commission, stamp_duty, slippage FROM fills WHERE kind = 'trade'"))
            while (r.Read())
            {
                commission += Money.Parse(r.GetString(0));
                stamp += Money.Parse(r.GetString(1));
                slippage += Money.Parse(r.GetString(2));
                fills++;
            }

        var rejected = new SortedDictionary<string, int>(StringComparer.Ordinal);
        using (var r = ledger.Query("SELECT rule, count(*) FROM rejections GROUP BY rule"))
            while (r.Read()) rejected[r.GetString(0)] = r.GetInt32(1);

        var last = series.LastOrDefault();
        double total = last is null ? 0 : last.NavIndex - 1;
        double bench = last is null ? 0 : last.Benchmark - 1;
        return new TradingResults(series, initial, last?.Nav ?? initial, total, bench,
            last is null ? 0 : last.ExcessNav - 1, maxDd,
            series.Count == 0 ? 0 : series.Average(p => p.Turnover),
            commission, stamp, slippage, fills, rejected);
    }
}
