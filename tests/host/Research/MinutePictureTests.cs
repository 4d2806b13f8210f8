using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Host.Tests.Research;

[Collection("torch")]
public class MinutePictureTests
{
    private static readonly DateOnly Start = new(2024, 1, 2);

    /// <summary>Stocks × days × 2 bars; stock s, day d, bar b opens at 10 + s + d + b/2 and closes 1% above its open.</summary>
    private static IntradayBars Bars(int stocks, int days, int barsPerDay = 2)
    {
        int n = stocks * days * barsPerDay;
        double[] open = new double[n], high = new double[n], low = new double[n], close = new double[n], volume = new double[n];
        for (int s = 0; s < stocks; s++)
            for (int d = 0; d < days; d++)
                for (int b = 0; b < barsPerDay; b++)
                {
                    int i = (s * days + d) * barsPerDay + b;
                    open[i] = 10 + s + d + b / 2.0;
                    close[i] = open[i] * 1.01;
                    high[i] = close[i] + 0.1;
                    low[i] = open[i] - 0.1;
                    volume[i] = 100 * (b + 1);
                }
        return new IntradayBars(Enumerable.Range(0, stocks).Select(s => $"S{s}").ToArray(),
            Enumerable.Range(0, days).Select(d => Start.AddDays(d)).ToArray(), barsPerDay, open, high, low, close, volume);
    }

    [Fact]
    public void FeaturesFollowTheirDefinitions()
    {
        using var scope = NewDisposeScope();
        var bars = Bars(stocks: 1, days: 3);
        var (pictures, mask) = MinutePictures.Build(bars, day: 2, days: 2);     // days 1 and 2, 4 bars
        Assert.Equal(new long[] { 1, 4, 4 }, pictures.shape);
        Assert.Equal(ScalarType.Float32, pictures.dtype);
        Assert.Equal(ScalarType.Bool, mask.dtype);
        Assert.True(mask[0].item<bool>());
        var v = pictures.to(ScalarType.Float64).data<double>().ToArray();
        // Day 1, bar 0: open 11, close 11.11; the previous bar is day 0's last (open 10.5, close 10.605).
        Assert.Equal(11.11 / 10.605 - 1, v[0], 6);
        // Day 1, bar 1: open 11.5, close 11.615, previous close 11.11.
        Assert.Equal(11.615 / 11.11 - 1, v[1], 6);
        // Volume shares: 100 / 300 and 200 / 300 each day.
        Assert.Equal(new[] { 1 / 3.0, 2 / 3.0, 1 / 3.0, 2 / 3.0 }, v[4..8].Select(x => Math.Round(x, 6)), new Rounded());
        // Range: ln((close + 0.1) / (open − 0.1)) for day 2, bar 0 (open 12).
        Assert.Equal(Math.Log((12.12 + 0.1) / (12 - 0.1)), v[10], 6);
        // Imbalance: (close − open) / (high − low) = 0.01·open / (0.01·open + 0.2) for day 2, bar 1 (open 12.5).
        Assert.Equal(0.125 / (0.125 + 0.2), v[15], 6);
    }

    [Fact]
    public void TheFirstBarWithNoEarlierBarUsesItsOpen()
    {
        using var scope = NewDisposeScope();
        var (pictures, _) = MinutePictures.Build(Bars(1, 1), day: 0, days: 1);
        Assert.Equal(0.01, pictures.to(ScalarType.Float64).data<double>().ToArray()[0], 6);
    }

    [Fact]
    public void NothingAfterTheDayReachesItsPicture()
    {
        var bars = Bars(stocks: 3, days: 6);
        var (before, _) = MinutePictures.BuildArrays(bars, day: 4, days: 3);
        for (int s = 0; s < 3; s++)
            for (int b = 0; b < 2; b++)
            {
                int i = bars.Index(s, 5, b);
                bars.Close[i] *= 3;
                bars.Volume[i] = 1e9;
            }
        var (after, _) = MinutePictures.BuildArrays(bars, day: 4, days: 3);
        Assert.Equal(before, after);
    }

    [Fact]
    public void AStockMissingADayOfTheWindowIsMaskedAndZero()
    {
        var bars = Bars(stocks: 3, days: 5);
        for (int b = 0; b < 2; b++)
        {
            int i = bars.Index(1, 3, b);
            bars.Open[i] = bars.High[i] = bars.Low[i] = bars.Close[i] = double.NaN;   // stock 1 suspended on day 3
            bars.Volume[i] = 0;
        }
        var (inside, insideMask) = MinutePictures.BuildArrays(bars, day: 4, days: 3);
        Assert.Equal(new[] { true, false, true }, insideMask);
        Assert.All(inside.AsSpan(4 * 6, 4 * 6).ToArray(), x => Assert.Equal(0f, x));
        var (_, outsideMask) = MinutePictures.BuildArrays(bars, day: 2, days: 3);     // days 0..2: all traded
        Assert.Equal(new[] { true, true, true }, outsideMask);
    }

    [Fact]
    public void AggregationTakesFirstOpenMaxHighMinLowLastCloseSummedVolume()
    {
        var bars = Bars(stocks: 1, days: 1, barsPerDay: 4).Aggregate(2);
        Assert.Equal(2, bars.BarsPerDay);
        // Fine bars open 10, 10.5, 11, 11.5; the first coarse bar spans the first two.
        Assert.Equal(10, bars.Open[0]);
        Assert.Equal(10.5 * 1.01, bars.Close[0], 12);
        Assert.Equal(10.5 * 1.01 + 0.1, bars.High[0], 12);
        Assert.Equal(10 - 0.1, bars.Low[0], 12);
        Assert.Equal(100 + 200, bars.Volume[0]);
        Assert.Equal(300 + 400, bars.Volume[1]);
        Assert.Throws<ArgumentException>(() => bars.Aggregate(3));
    }

    [Fact]
    public void BadInputNamesTheColumnAndTheWindow()
    {
        var e = Assert.Throws<ArgumentException>(() => new IntradayBars(["A"], [Start], 2, new double[2], new double[2], new double[2], new double[1], new double[2]));
        Assert.Contains("'close'", e.Message);
        var w = Assert.Throws<ArgumentException>(() => MinutePictures.BuildArrays(Bars(1, 5), day: 3, days: 20));
        Assert.Contains("20-day window", w.Message);
    }

    [Theory]
    [InlineData("gru_attention")]
    [InlineData("transformer_learned")]
    public void PicturesFeedASequenceModel(string name)
    {
        using var scope = NewDisposeScope();
        var bars = Bars(stocks: 5, days: 4, barsPerDay: 3);
        var (pictures, mask) = MinutePictures.Build(bars, day: 3, days: 4);
        using var model = TestPlugins.Registry.Create<IModel>(new PluginChoice(name));
        model.Build(new ModelShape(MinutePictures.Features.Length, 4 * 3));
        var scores = model.forward(pictures.unsqueeze(0), mask.unsqueeze(0));
        Assert.Equal(new long[] { 1, 5 }, scores.shape);
        Assert.False(scores.isnan().any().item<bool>());
    }

    /// <summary>Every tensor the builder creates names its device (as the zoo's sources must), so pictures can be built where the model runs.</summary>
    [Fact]
    public void EveryTensorTheBuilderCreatesNamesItsDevice() =>
        AlphaHost.Tests.Support.SourceCheck.AssertEveryFactoryNamesADevice([Path.Combine(Run.RunKit.RepoRoot, "host", "Research", "MinutePictures.cs")], atLeast: 2);

    private sealed class Rounded : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-6;
        public int GetHashCode(double x) => 0;
    }
}
