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
        var days = torch.tensor(trainDays.Select(d => (long)d).ToArray());
        var fields = panel.Fields.index_select(0, days).to(ScalarType.Float64);                 // [n, S, 9]
        var eligible = panel.Eligible.index_select(0, days).unsqueeze(2).expand_as(fields);
        for (int f = 0; f < 9; f++)
        {
            var values = fields.select(2, f).masked_select(eligible.select(2, f));
            if (values.numel() < 2) continue;
            mean[f] = values.mean().item<double>();
            double std = values.std().item<double>();
            scale[f] = std > 0 ? std : 1;
        }
    }

    /// <summary>[n, 9, T] raw → normalised, float32.</summary>
    public Tensor Apply(Tensor raw)
    {
        using var scope = torch.NewDisposeScope();
        var x = raw.to(ScalarType.Float64);
        Tensor Constants(double[] values) => torch.tensor(values, dtype: ScalarType.Float64, device: x.device);
        Tensor result;
        switch (Mode)
        {
            case Normalization.PerStock:
            {
                var lastClose = x.select(1, 3).select(1, -1).clamp_min(1e-12).view(-1, 1, 1);
                var prices = x.narrow(1, 0, PriceRows) / lastClose;
                var volume = x.narrow(1, VolumeRow, 1);
                var volumeMean = volume.mean([2], keepdim: true);
                var traded = volumeMean.gt(0);
                volume = (volume / volumeMean.masked_fill(traded.logical_not(), 1.0)).masked_fill(traded.logical_not(), 0.0);
                var rest = x.narrow(1, 6, 3) / Constants(scale[6..]).view(1, 3, 1);
                result = torch.cat([prices, volume, rest], 1);
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
                result = (x - Constants(mean).view(1, 9, 1)) / Constants(scale).view(1, 9, 1);
                break;
        }
        return result.nan_to_num().@float().MoveToOuterDisposeScope();
    }
}
