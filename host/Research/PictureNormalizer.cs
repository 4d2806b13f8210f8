using AlphaHost.Sdk.Plugins;
using AlphaHost.Torch;

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
/// exactly as in the raw data.
/// </summary>
public sealed class PictureNormalizer(Normalization mode)
{
    private const int PriceRows = 5, VolumeRow = 5;
    private double[] mean = new double[9], scale = Enumerable.Repeat(1.0, 9).ToArray();

    public Normalization Mode { get; } = mode;

    /// <summary>Statistics of each field over the eligible stocks of the training days (their last picture day).</summary>
    public void Fit(ResearchPanel panel, IReadOnlyList<int> trainDays)
    {
        using var scope = torch.NewDisposeScope();
        var days = torch.From(trainDays.Select(d => (long)d).ToArray());
        var fields = panel.Fields.IndexSelect(0, days).To(ScalarType.Float64);                 // [n, S, 9]
        var eligible = panel.Eligible.IndexSelect(0, days).Unsqueeze(2).ExpandAs(fields);
        for (int f = 0; f < 9; f++)
        {
            var values = fields.Select(2, f).Masked(eligible.Select(2, f));
            if (values.Numel < 2) continue;
            mean[f] = values.Mean().ToDouble();
            double std = values.Std().ToDouble();
            scale[f] = std > 0 ? std : 1;
        }
    }

    /// <summary>[n, 9, T] raw → normalised, float32.</summary>
    public Tensor Apply(Tensor raw)
    {
        using var scope = torch.NewDisposeScope();
        var x = raw.To(ScalarType.Float64);
        Tensor result;
        switch (Mode)
        {
            case Normalization.PerStock:
            {
                var lastClose = x.Select(1, 3).Select(1, -1).ClampMin(1e-12).View(-1, 1, 1);
                var prices = x.Narrow(1, 0, PriceRows) / lastClose;
                var volume = x.Narrow(1, VolumeRow, 1);
                var volumeMean = volume.Mean(2, keepdim: true);
                volume = torch.Where(volumeMean.Gt(0), volume / torch.Where(volumeMean.Gt(0), volumeMean, 1.0), 0.0);
                var rest = x.Narrow(1, 6, 3) / torch.From(scale[6..]).View(1, 3, 1);
                result = torch.Cat([prices, volume, rest], 1);
                break;
            }
            case Normalization.CrossSectional:
            {
                var m = x.Mean(0, keepdim: true);
                var s = x.Std(0, unbiased: true, keepdim: true);
                result = torch.Where(s.Gt(0), (x - m) / torch.Where(s.Gt(0), s, 1.0), 0.0);
                break;
            }
            default:
                result = (x - torch.From(mean).View(1, 9, 1)) / torch.From(scale).View(1, 9, 1);
                break;
        }
        return result.NanToNum().Float().MoveToOuterDisposeScope();
    }
}
