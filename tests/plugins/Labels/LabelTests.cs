using AlphaHost.Sdk.Plugins;
using AlphaHost.Torch;

namespace AlphaHost.Plugins.Labels.Tests;

public class LabelTests
{
    // Six days × three stocks of opening prices.
    private static readonly double[,] Open =
    {
        { 10, 20, 30 },
        { 11, 20, 30 },
        { 12, 21, 33 },
        { 12, 22, 36 },
        { 13, 22, 30 },
        { 15, 24, 30 },
    };

    private static LabelPanel Panel(double[,] open, bool[,]? tradable = null, bool[,]? limitUp = null)
    {
        int d = open.GetLength(0), n = open.GetLength(1);
        var o = torch.From(open.Cast<double>().ToArray(), d, n);
        var t = tradable is null ? torch.Ones([d, n], ScalarType.Bool) : torch.From(tradable.Cast<bool>().ToArray(), d, n);
        var l = limitUp is null ? torch.Zeros([d, n], ScalarType.Bool) : torch.From(limitUp.Cast<bool>().ToArray(), d, n);
        return new LabelPanel(o, o, o, t, l);
    }

    private static double[] Row(Tensor t, int day) => t.Select(0, day).ToArray<double>();

    [Fact]
    public void RawForwardReturnEntersAtTheNextOpen()
    {
        using var scope = torch.NewDisposeScope();
        var label = new ForwardReturnLabel(new LabelSpec { Horizon = 2, Excess = Excess.None }).Compute(Panel(Open));
        // d = 0: open[3] / open[1] − 1 = 12/11 − 1, 22/20 − 1, 36/30 − 1.
        Assert.Equal(new[] { 12 / 11.0 - 1, 22 / 20.0 - 1, 36 / 30.0 - 1 }, Row(label.Values, 0), new Close());
        // d = 2: open[5] / open[3] − 1.
        Assert.Equal(new[] { 15 / 12.0 - 1, 24 / 22.0 - 1, 30 / 36.0 - 1 }, Row(label.Values, 2), new Close());
        // d = 3, 4, 5 need open[6..8]: unknown, masked.
        for (int d = 3; d < 6; d++) Assert.All(label.Mask.Select(0, d).ToArray<bool>(), Assert.False);
    }

    [Fact]
    public void StocksThatCannotBeBoughtAtEntryAreMaskedNotFaked()
    {
        using var scope = torch.NewDisposeScope();
        var tradable = new bool[6, 3];
        for (int d = 0; d < 6; d++) for (int n = 0; n < 3; n++) tradable[d, n] = true;
        tradable[1, 1] = false;        // stock 1 suspended on day 1: no entry for the label of day 0
        var limitUp = new bool[6, 3];
        limitUp[2, 2] = true;          // stock 2 opens limit-up on day 2: no entry for day 1
        var label = new ForwardReturnLabel(new LabelSpec { Horizon = 1, Excess = Excess.None }).Compute(Panel(Open, tradable, limitUp));
        Assert.Equal(new[] { true, false, true }, label.Mask.Select(0, 0).ToArray<bool>());
        Assert.Equal(new[] { true, true, false }, label.Mask.Select(0, 1).ToArray<bool>());
        Assert.True(double.IsNaN(Row(label.Values, 0)[1]));
    }

    [Fact]
    public void ExcessOverTheCrossSectionalMeanOfTheCountedStocks()
    {
        using var scope = torch.NewDisposeScope();
        var raw = new[] { 12 / 11.0 - 1, 22 / 20.0 - 1, 36 / 30.0 - 1 };
        double mean = raw.Average();
        var label = new ForwardReturnLabel(new LabelSpec { Horizon = 2 }).Compute(Panel(Open));
        Assert.Equal(raw.Select(r => r - mean).ToArray(), Row(label.Values, 0), new Close());
    }

    [Fact]
    public void UniformRankAveragesTies()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.From(new double[] { 0.3, 0.1, 0.3, 0.5, 9 }, 1, 5);
        var mask = torch.From(new[] { true, true, true, true, false }, 1, 5);
        // Ranks 1..4 among four counted: 0.1 → 1, 0.3 → 2.5 (tie), 0.5 → 4; scaled (r − 1) / 3.
        var ranks = CrossSection.UniformRank(x, mask).ToArray<double>();
        Assert.Equal(new[] { 0.5, 0, 0.5, 1 }, ranks[..4], new Close());
    }

    [Fact]
    public void ZScoreUsesTheSampleStd()
    {
        using var scope = torch.NewDisposeScope();
        var z = CrossSection.ZScore(torch.From(new double[] { 1, 2, 3, 100 }, 1, 4), torch.From(new[] { true, true, true, false }, 1, 4));
        Assert.Equal(new[] { -1.0, 0, 1 }, z.ToArray<double>()[..3], new Close());
    }

    [Fact]
    public void BinsByEdges()
    {
        using var scope = torch.NewDisposeScope();
        // Next-open returns over 1 day from day 0 → 1 (entry day 1 → exit day 2): 12/11 − 1 = 9.1%, 5%, 10%.
        var open = new double[,] { { 1, 1, 1, 1 }, { 100, 100, 100, 100 }, { 96, 98, 100, 102 }, { 1, 1, 1, 1 } };
        var label = new ForwardReturnLabel(new LabelSpec { Horizon = 1, Excess = Excess.None, Transform = LabelTransform.Bins }).Compute(Panel(open));
        // −4% → 0, −2% → 1, 0% → 2, 2% → 3 (edges −3.5%, −1.5%, 1.5%, 3.5%).
        Assert.Equal(new double[] { 0, 1, 2, 3 }, Row(label.Values, 0));
    }

    [Fact]
    public void RiskAdjustedIsTheSharpeOfTheBarsAfterEntry()
    {
        using var scope = torch.NewDisposeScope();
        // 3 days, 1 stock, 2 bars a day; horizon 1 → the label of day 0 uses day 1's bars (0.01, 0.03).
        var bars = torch.From(new double[] { 9, 9, 0.01, 0.03, 5, 5 }, 3, 1, 2);
        var one = torch.Ones([3, 1], ScalarType.Float64);
        var panel = new LabelPanel(one, one, one, torch.Ones([3, 1], ScalarType.Bool), torch.Zeros([3, 1], ScalarType.Bool), IntradayReturns: bars);
        var label = new RiskAdjustedLabel(1).Compute(panel);
        double mean = 0.02, std = Math.Sqrt(2 * 0.01 * 0.01);
        Assert.Equal(mean / std, Row(label.Values, 0)[0], 10);
    }

    [Fact]
    public void NoLookAheadALabelSeesOnlyItsEntryAndExitDays()
    {
        using var scope = torch.NewDisposeScope();
        var spec = new LabelSpec { Horizon = 2, Excess = Excess.None };
        var baseline = new ForwardReturnLabel(spec).Compute(Panel(Open)).Values.ToArray<double>();
        for (int changed = 0; changed < 6; changed++)
        {
            var open = (double[,])Open.Clone();
            open[changed, 0] *= 1.5;
            var values = new ForwardReturnLabel(spec).Compute(Panel(open)).Values.ToArray<double>();
            for (int d = 0; d < 6; d++)
            {
                bool known = d + 3 < 6; // later labels are masked whatever the prices
                bool uses = known && (d + 1 == changed || d + 3 == changed);
                bool differs = !values[d * 3].Equals(baseline[d * 3]);
                Assert.Equal(uses, differs);
            }
        }
    }

    private sealed class Close : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-12;
        public int GetHashCode(double v) => 0;
    }
}
