using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Host.Research;

public enum Normalization
{
    /// <summary>Prices ÷ the picture's last close, volume ÷ its window mean (each stock scaled by its own past);
    /// return1, turnover and free turnover ÷ their standard deviation over the training days.</summary>
    PerStock,
    /// <summary>Every field z-scored across the day's stocks at each time step (same-day data only).</summary>
    CrossSectional,
    /// <summary>Every field z-scored with mean and std fitted on the training days.</summary>
    Global,
}

public sealed record NormalizationConfig : PluginConfig
{
    public Normalization Mode { get; init; } = Normalization.PerStock;
}

/// <summary>
/// Turns raw pictures into model inputs. Whatever is fitted is fitted on the training days only
/// (<see cref="Fit"/>), so a test day's values never shape the normalisation. The per-stock mode
/// only rescales rows by positive numbers, which keeps ratios such as ts_return and correlations
/// exactly as in the raw data. Rows are treated by what their field is: prices ÷ the picture's last
/// close (or their own last value when the picture has no close), traded quantities ÷ their window
/// mean, everything else ÷ its standard deviation over the training days.
/// </summary>
public sealed class PictureNormalizer(Normalization mode)
{
    private static readonly HashSet<string> PriceFields = ["open", "high", "low", "close", "vwap", "adj_close", "up_limit", "down_limit"];
    private static readonly HashSet<string> QuantityFields = ["volume", "amount", "open_interest"];

    private string[] fields = ResearchPanel.DefaultFields;
    private double[] mean = new double[ResearchPanel.DefaultFields.Length], scale = Enumerable.Repeat(1.0, ResearchPanel.DefaultFields.Length).ToArray();

    public Normalization Mode { get; } = mode;

    /// <summary>Statistics of each field over the eligible stocks of the training days (their last picture day).</summary>
    public void Fit(ResearchPanel panel, IReadOnlyList<int> trainDays)
    {
        fields = panel.PictureFields;
        int count = fields.Length;
        mean = new double[count];
        scale = Enumerable.Repeat(1.0, count).ToArray();
        using var scope = torch.NewDisposeScope();
        if (panel.Picture == PictureKind.Minute)
        {
            FitWholePictures(panel, trainDays);
            return;
        }
        var days = torch.tensor(trainDays.Select(d => (long)d).ToArray());
        var values = panel.Fields.index_select(0, days).to(ScalarType.Float64);                 // [n, S, F]
        var eligible = panel.Eligible.index_select(0, days).unsqueeze(2).expand_as(values);
        for (int f = 0; f < count; f++)
        {
            var known = values.select(2, f).masked_select(eligible.select(2, f));
            if (known.numel() < 2) continue;
            mean[f] = known.mean().item<double>();
            double std = known.std().item<double>();
            scale[f] = std > 0 ? std : 1;
        }
    }

    /// <summary>Mean and std of each row over every value of the training days' pictures of eligible stocks (minute rows are not stored by day).</summary>
    private void FitWholePictures(ResearchPanel panel, IReadOnlyList<int> trainDays)
    {
        int count = fields.Length;
        var sum = torch.zeros(count, ScalarType.Float64);
        var squares = torch.zeros(count, ScalarType.Float64);
        long n = 0;
        foreach (int day in trainDays)
        {
            var stocks = panel.EligibleStocks(day);
            if (stocks.Length == 0) continue;
            var rows = panel.RawPictures(day, stocks).to(ScalarType.Float64).transpose(0, 1).reshape(count, -1);   // [F, n·T]
            sum += rows.sum(1);
            squares += rows.square().sum(1);
            n += rows.size(1);
        }
        if (n < 2) return;
        var m = (sum / n).data<double>().ToArray();
        var variance = ((squares - sum.square() / n) / (n - 1)).data<double>().ToArray();
        for (int f = 0; f < count; f++)
        {
            mean[f] = m[f];
            double std = Math.Sqrt(Math.Max(variance[f], 0));
            scale[f] = std > 0 ? std : 1;
        }
    }

    /// <summary>[n, F, T] raw → normalised, float32.</summary>
    public Tensor Apply(Tensor raw)
    {
        using var scope = torch.NewDisposeScope();
        var x = raw.to(ScalarType.Float64);
        int count = fields.Length;
        Tensor Constants(double[] values) => torch.tensor(values, dtype: ScalarType.Float64, device: x.device);
        Tensor result;
        switch (Mode)
        {
            case Normalization.PerStock:
            {
                int close = Array.IndexOf(fields, "close");
                var rows = new Tensor[count];
                for (int f = 0; f < count; f++)
                {
                    var row = x.narrow(1, f, 1);                                                  // [n, 1, T]
                    if (PriceFields.Contains(fields[f]))
                    {
                        var last = (close >= 0 ? x.narrow(1, close, 1) : row).select(2, -1).clamp_min(1e-12).view(-1, 1, 1);
                        rows[f] = row / last;
                    }
                    else if (QuantityFields.Contains(fields[f]))
                    {
                        var windowMean = row.mean([2], keepdim: true);
                        var traded = windowMean.gt(0);
                        rows[f] = (row / windowMean.masked_fill(traded.logical_not(), 1.0)).masked_fill(traded.logical_not(), 0.0);
                    }
                    else rows[f] = row / scale[f];
                }
                result = torch.cat(rows, 1);
                break;
            }
            case Normalization.CrossSectional:
            {
                var m = x.mean([0], keepdim: true);
                var s = x.std(0, unbiased: true, keepdim: true);
                var constant = s.gt(0).logical_not();
                result = ((x - m) / s.masked_fill(constant, 1.0)).masked_fill(constant, 0.0);
                break;
            }
            default:
                result = (x - Constants(mean).view(1, count, 1)) / Constants(scale).view(1, count, 1);
                break;
        }
        return result.nan_to_num().@float().MoveToOuterDisposeScope();
    }
}
