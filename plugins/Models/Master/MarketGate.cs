using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

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
/// forward(pictures [B, N, F, T], mask [B, N]) = α [B, F].
/// </summary>
public sealed class MarketGate : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly int steps;
    private readonly double beta;
    private readonly int features;
    private readonly Linear projection;

    public MarketGate(int features, int lookback, int marketSteps, double beta) : base(nameof(MarketGate))
    {
        this.features = features;
        steps = Math.Min(marketSteps, lookback);
        this.beta = beta;
        projection = nn.Linear(2 * features * steps, features);
        RegisterComponents();
    }

    /// <summary>The market state m [B, 2·F·K] from pictures [B, N, F, T] and the day's real stocks [B, N].</summary>
    public Tensor MarketState(Tensor pictures, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long t = pictures.size(3);
        var recent = pictures.narrow(3, t - steps, steps);                               // [B, N, F, K]
        var weights = mask.to(pictures.dtype).unsqueeze(-1).unsqueeze(-1);              // [B, N, 1, 1]
        var count = weights.sum(1).clamp_min(1);                                        // [B, 1, 1]
        var mean = (recent * weights).sum(1) / count;                                   // [B, F, K]
        var variance = ((recent - mean.unsqueeze(1)).square() * weights).sum(1) / count;
        var std = (variance + 1e-8).sqrt();                                             // eps: finite gradient on flat days
        return cat([mean.flatten(1), std.flatten(1)], 1).MoveToOuterDisposeScope();
    }

    /// <summary>α [B, F]: F · softmax over features of (W m + b) / β.</summary>
    public Tensor Weights(Tensor pictures, Tensor mask) => forward(pictures, mask);

    public override Tensor forward(Tensor pictures, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return ((projection.forward(MarketState(pictures, mask)) / beta).softmax(1) * features).MoveToOuterDisposeScope();
    }
}
