using AlphaHost.Torch;

namespace AlphaHost.Host.Research;

/// <summary>
/// One trading day as one sample: all its eligible stocks' normalised pictures [n, 9, T], their
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
    /// label are kept (training/validation); without, every eligible stock (scoring).
    /// </summary>
    public static DaySample Build(ResearchPanel panel, PictureNormalizer normalizer, int day, Tensor? labels = null, Tensor? labelMask = null)
    {
        using var scope = torch.NewDisposeScope();
        var stocks = panel.EligibleStocks(day);
        if (labelMask is not null && stocks.Length > 0)
        {
            var known = labelMask.Select(0, day).IndexSelect(0, torch.From(stocks)).ToArray<bool>();
            stocks = stocks.Where((_, i) => known[i]).ToArray();
        }
        var index = torch.From(stocks);
        var pictures = stocks.Length == 0 ? torch.Zeros([0, 9, ResearchPanel.Lookback]) : normalizer.Apply(panel.RawPictures(day, stocks));
        var y = labels is null ? torch.Zeros([stocks.Length], ScalarType.Float32) : labels.Select(0, day).IndexSelect(0, index).Float();
        var liquidity = panel.Amount.Select(0, day).IndexSelect(0, index).Float();
        return new DaySample
        {
            Day = day,
            Stocks = stocks,
            Pictures = pictures.DetachFromDisposeScope(),
            Labels = y.DetachFromDisposeScope(),
            LabelMask = torch.Ones([stocks.Length], ScalarType.Bool).DetachFromDisposeScope(),
            Liquidity = liquidity.DetachFromDisposeScope(),
        };
    }

    /// <summary>Days side by side, padded to the widest: pictures [B, N, 9, T], mask/labels/liquidity [B, N].</summary>
    public static DayBatch Batch(IReadOnlyList<DaySample> days)
    {
        long width = Math.Max(1, days.Max(d => d.Stocks.LongLength));
        Tensor Pad(Tensor t, double fill)
        {
            long missing = width - t.Size(0);
            if (missing == 0) return t.Alias();
            var shape = t.Shape;
            shape[0] = missing;
            return torch.Cat([t, torch.Full(shape, fill, t.Dtype)], 0);
        }
        var pictures = torch.Stack(days.Select(d => Pad(d.Pictures, 0)).ToArray());
        var mask = torch.Stack(days.Select(d => Pad(d.LabelMask, 0)).ToArray());
        var labels = torch.Stack(days.Select(d => Pad(d.Labels, 0)).ToArray());
        var liquidity = torch.Stack(days.Select(d => Pad(d.Liquidity, 0)).ToArray());
        return new DayBatch(pictures, mask, labels, liquidity);
    }
}
