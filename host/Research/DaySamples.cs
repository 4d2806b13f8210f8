using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Host.Research;

/// <summary>
/// One trading day as one sample: all its eligible stocks' normalised pictures [n, F, T], their
/// labels and liquidity, and which panel slots they are. Days are padded to a common width with a
/// mask when batched, since the universe changes every day.
/// </summary>
public sealed class DaySample : IDisposable
{
    public required int Day { get; init; }
    public required long[] Stocks { get; init; }
    public required Tensor Pictures { get; init; }
    public required Tensor Labels { get; init; }      // NaN where the label is masked
    public required Tensor LabelMask { get; init; }
    public required Tensor Liquidity { get; init; }
    /// <summary>Combo rows appended after the assets (stock −1 in <see cref="Stocks"/>), in row order; null without.</summary>
    public IReadOnlyList<ComboRow>? Combos { get; init; }

    public void Dispose()
    {
        Pictures.Dispose();
        Labels.Dispose();
        LabelMask.Dispose();
        Liquidity.Dispose();
    }
}

public sealed record DayBatch(Tensor Pictures, Tensor Mask, Tensor Labels, Tensor Liquidity);

public static class DaySamples
{
    /// <summary>
    /// The sample of a day. With <paramref name="labels"/> (and its mask) only stocks with a known
    /// label are kept (training/validation); without, every eligible stock (scoring). With
    /// <paramref name="buckets"/>, only the eligible stocks in its kept buckets of the day. With
    /// <paramref name="embeddings"/>, each stock's embedding joins its normalised picture.
    /// </summary>
    public static DaySample Build(ResearchPanel panel, PictureNormalizer normalizer, int day, Tensor? labels = null, Tensor? labelMask = null,
        AlphaHost.Sdk.Plugins.StockBuckets? buckets = null, AssetEmbeddingInputs? embeddings = null)
    {
        using var scope = torch.NewDisposeScope();
        var stocks = panel.EligibleStocks(day);
        if (buckets is not null) stocks = panel.InBuckets(day, stocks, buckets);
        if (labelMask is not null && stocks.Length > 0)
        {
            var known = labelMask.select(0, day).index_select(0, torch.tensor(stocks)).data<bool>().ToArray();
            stocks = stocks.Where((_, i) => known[i]).ToArray();
        }
        var index = torch.tensor(stocks);
        var pictures = stocks.Length == 0 ? torch.zeros(0, panel.PictureFields.Length, panel.PictureLength) : normalizer.Apply(panel.RawPictures(day, stocks));
        if (embeddings is not null) pictures = embeddings.Join(pictures, stocks);
        var y = labels is null ? torch.zeros(stocks.Length, ScalarType.Float32) : labels.select(0, day).index_select(0, index).@float();
        var liquidity = panel.Amount.select(0, day).index_select(0, index).@float();
        return new DaySample
        {
            Day = day,
            Stocks = stocks,
            Pictures = pictures.DetachFromDisposeScope(),
            Labels = y.DetachFromDisposeScope(),
            LabelMask = torch.ones(stocks.Length, ScalarType.Bool).DetachFromDisposeScope(),
            Liquidity = liquidity.DetachFromDisposeScope(),
        };
    }

    /// <summary>Days side by side, padded to the widest, on the device: pictures [B, N, 9, T], mask/labels/liquidity [B, N].</summary>
    public static DayBatch Batch(IReadOnlyList<DaySample> days, Device? device = null)
    {
        long width = Math.Max(1, days.Max(d => d.Stocks.LongLength));
        Tensor Pad(Tensor t, double fill)
        {
            long missing = width - t.size(0);
            if (missing == 0) return t.alias();
            var shape = t.shape;
            shape[0] = missing;
            return torch.cat([t, torch.full(shape, fill, t.dtype)], 0);
        }
        Tensor Stacked(Func<DaySample, Tensor> part, double fill) =>
            torch.stack(days.Select(d => Pad(part(d), fill)).ToArray()).to(device ?? CPU);
        return new DayBatch(Stacked(d => d.Pictures, 0), Stacked(d => d.LabelMask, 0), Stacked(d => d.Labels, 0), Stacked(d => d.Liquidity, 0));
    }
}
