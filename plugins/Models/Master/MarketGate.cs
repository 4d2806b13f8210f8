using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.Master;

/// <summary>
/// MASTER's market-guided gating: α(m) = F · softmax((W m + b) / β), one weight per feature, which
/// rescales every stock's features on that day (weights average 1, so β → ∞ is no gating).
///
/// The paper builds m from index returns and volumes over past windows. A day's batch carries no
/// index, and the universe is not a fixed index membership, so m is taken from the day's own real
/// stocks: the cross-sectional mean and standard deviation of every feature at each of the latest
/// K steps, m = [mean(f, t), std(f, t)] for t in the last K steps, length 2·F·K. It is a function
/// of the real stocks only (padded rows have zero weight), and of no step after the picture's last.
/// </summary>
public sealed class MarketGate : nn.Module
{
    private readonly int steps;
    private readonly double beta;
    private readonly int features;
    private readonly nn.Linear projection;

    public MarketGate(int features, int lookback, int marketSteps, double beta)
    {
        this.features = features;
        steps = Math.Min(marketSteps, lookback);
        this.beta = beta;
        projection = RegisterModule("projection", new nn.Linear(2 * features * steps, features));
    }

    /// <summary>The market state m [B, 2·F·K] from pictures [B, N, F, T] and the day's real stocks [B, N].</summary>
    public Tensor MarketState(Tensor pictures, Tensor mask)
    {
        long t = pictures.Size(3);
        var recent = pictures.Narrow(3, t - steps, steps);                               // [B, N, F, K]
        var weights = mask.To(pictures.Dtype).Unsqueeze(-1).Unsqueeze(-1);              // [B, N, 1, 1]
        var count = weights.Sum(1).ClampMin(1);                                         // [B, 1, 1]
        var mean = (recent * weights).Sum(1) / count;                                   // [B, F, K]
        var variance = ((recent - mean.Unsqueeze(1)).Square() * weights).Sum(1) / count;
        var std = (variance + 1e-8).Sqrt();                                             // eps: finite gradient on flat days
        return torch.Cat([mean.Flatten(1), std.Flatten(1)], 1);
    }

    /// <summary>α [B, F]: F · softmax over features of (W m + b) / β.</summary>
    public Tensor Weights(Tensor pictures, Tensor mask) =>
        (projection.Forward(MarketState(pictures, mask)) / beta).Softmax(1) * features;
}
