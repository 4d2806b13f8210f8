namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>What a generator wrote, and the planted alpha's ceiling (NaN for markets without one).</summary>
public sealed record GenerationReport(
    string Kind,
    int Instruments,
    int Days,
    long BarRows,
    long IntradayRows,
    long AlphaRows,
    double OracleRankIc,
    int OracleHorizon,
    TimeSpan Elapsed)
{
    public long TotalRows => BarRows + IntradayRows + AlphaRows;
}
