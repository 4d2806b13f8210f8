using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio.Tests;

public class BufferedTopNTests
{
    [Fact]
    public void FromCashBuysTheTopNEqually()
    {
        var w = new BufferedTopN(2, 4).Build(Inputs.Make([6, 5, 4, 3, 2, 1]))!;
        Assert.Equal([0.5, 0.5, 0, 0, 0, 0], w);
    }

    [Fact]
    public void AHoldingInsideTheBufferIsKeptAtItsWeight()
    {
        // S3 ranks 4th (0-based 3 < keep 4): kept at 0.45; nothing enters, nothing is re-weighted.
        var w = new BufferedTopN(2, 4).Build(Inputs.Make([6, 5, 4, 3, 2, 1], current: [0.55, 0, 0, 0.45, 0, 0]))!;
        Assert.Equal([0.55, 0, 0, 0.45, 0, 0], w);
    }

    [Fact]
    public void AHoldingOutsideTheBufferIsSoldAndTheBestNewNameGetsItsRoom()
    {
        // S4 ranks 5th (4 ≥ keep 4): sold; S0 kept at 0.6; S1 (best not held) gets the 0.4 left.
        var w = new BufferedTopN(2, 4).Build(Inputs.Make([6, 5, 4, 3, 2, 1], current: [0.6, 0, 0, 0, 0.4, 0]))!;
        Assert.Equal([0.6, 0.4, 0, 0, 0, 0], w);
    }

    [Fact]
    public void SuspendedHoldingsStayAndCountTowardN()
    {
        var w = new BufferedTopN(2, 2).Build(Inputs.Make([6, 5, 4, 1], current: [0, 0, 0, 0.3],
            tradable: [true, true, true, false]))!;
        Assert.Equal([0.7, 0, 0, 0.3], w);
    }

    [Fact]
    public void KeepBelowNIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BufferedTopN(3, 2));

    [Fact]
    public void BufferCutsTurnoverAgainstDailyTopN()
    {
        // A slow factor (AR(1) scores, persistence 0.9) over 20 names, 250 days, weights drifting with no prices:
        // the buffer trades only when a holding leaves the top 10, the plain top 5 whenever the top 5 changes.
        double Turnover(IPortfolioBuilder b)
        {
            var current = new double[20];
            double total = 0;
            var local = new Random(3);
            var s = new double[20];
            for (int d = 0; d < 250; d++)
            {
                for (int i = 0; i < 20; i++) s[i] = 0.9 * s[i] + Math.Sqrt(1 - 0.81) * (local.NextDouble() * 2 - 1);
                var w = b.Build(Inputs.Make((double[])s.Clone(), current: (double[])current.Clone(), tick: d))!;
                for (int i = 0; i < 20; i++) total += Math.Abs(w[i] - current[i]) / 2;
                current = w;
            }
            return total / 250;
        }
        double buffered = Turnover(new BufferedTopN(5, 10)), plain = Turnover(new TopNEqualWeight(5));
        Assert.True(buffered < 0.6 * plain, $"buffered {buffered:P1} vs plain {plain:P1} one-way per day");
    }

    [Fact]
    public void TodaysWeightsDoNotDependOnLaterDays()
    {
        // No look-ahead: the decisions of days 0..29 are the same whatever scores days 30.. bring.
        List<double[]> Decisions(int futureSeed)
        {
            var rng = new Random(11);
            var future = new Random(futureSeed);
            var builder = new BufferedTopN(3, 6);
            var current = new double[12];
            var made = new List<double[]>();
            for (int d = 0; d < 60; d++)
            {
                var source = d < 30 ? rng : future;
                var s = Enumerable.Range(0, 12).Select(_ => source.NextDouble()).ToArray();
                current = builder.Build(Inputs.Make(s, current: current, tick: d))!;
                made.Add(current);
            }
            return made;
        }
        var a = Decisions(1);
        var b = Decisions(2);
        for (int d = 0; d < 30; d++) Assert.Equal(a[d], b[d]);
        Assert.Contains(Enumerable.Range(30, 30), d => !a[d].SequenceEqual(b[d]));
    }
}
