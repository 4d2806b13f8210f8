using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.Master;

/// <summary>What the market state m that drives MASTER's gate is made of (config key marketState).</summary>
public enum MarketStateKind
{
    /// <summary>The day's cross-sectional mean and std of every feature at each of the latest K steps (2·F·K values).</summary>
    CrossSection,
    /// <summary>
    /// The note's index statistics: every feature's equal-weighted index over the day's real assets,
    /// x_f(τ) = mean over assets of feature f at step τ; m = [x_f(T), mean and std of x_f over the last
    /// d steps, x_f(T) − mean of x_f over the last 6 steps] per feature (4·F values).
    /// </summary>
    Index,
}

/// <summary>
/// MASTER's market-guided gating: α(m) = F · softmax((W m + b) / β), one weight per feature, which
/// rescales every stock's features on that day (weights average 1, so β → ∞ is no gating).
///
/// A day's batch carries no index and the universe is not a fixed index membership, so m is built
/// from the day's own real stocks (padded rows have zero weight), see <see cref="MarketStateKind"/>.
/// With pictures normalised per stock (prices ÷ the last close, volume ÷ its window mean) the Index
/// state is the equal-weighted index's price path relative to today and its relative volume: the
/// paper's index price and volume statistics over the past d days. Each day's m reads that day's
/// picture only (steps up to its last day, never another day of the batch).
/// forward(pictures [B, N, F, T], mask [B, N]) = α [B, F].
/// </summary>
public sealed class MarketGate : nn.Module<Tensor, Tensor, Tensor>
{
    public const int RelativeDays = 6;
    private readonly MarketStateKind kind;
    private readonly int steps;
    private readonly double beta;
    private readonly int features;
    private readonly Linear projection;

    /// <param name="lookback">steps the pictures given to forward hold.</param>
    /// <param name="marketSteps">K (cross-section) or d (index): how many of the latest steps the state reads.</param>
    public MarketGate(int features, int lookback, int marketSteps, double beta, MarketStateKind kind = MarketStateKind.CrossSection) : base(nameof(MarketGate))
    {
        this.features = features;
        this.kind = kind;
        steps = Math.Min(marketSteps, lookback);
        this.beta = beta;
        projection = nn.Linear(kind == MarketStateKind.Index ? 4 * features : 2 * features * steps, features);
        RegisterComponents();
    }

    /// <summary>The market state m [B, 2·F·K] or [B, 4·F] from pictures [B, N, F, T] and the day's real stocks [B, N].</summary>
    public Tensor MarketState(Tensor pictures, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long t = pictures.size(3);
        var recent = pictures.narrow(3, t - steps, steps);                               // [B, N, F, K]
        var weights = mask.to(pictures.dtype).unsqueeze(-1).unsqueeze(-1);              // [B, N, 1, 1]
        var count = weights.sum(1).clamp_min(1);                                        // [B, 1, 1]
        var mean = (recent * weights).sum(1) / count;                                   // [B, F, K]: the index of every feature
        if (kind == MarketStateKind.Index)
        {
            var latest = mean.select(2, steps - 1);                                     // [B, F]
            var level = mean.mean([2]);
            var spread = ((mean - level.unsqueeze(2)).square().mean([2]) + 1e-8).sqrt();
            int week = Math.Min(RelativeDays, steps);
            var relative = latest - mean.narrow(2, steps - week, week).mean([2]);
            return cat([latest, level, spread, relative], 1).MoveToOuterDisposeScope();
        }
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
