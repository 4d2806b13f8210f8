using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Sdk.Plugins;

/// <summary>
/// Price panels a label is computed from, each [days D, stocks N] (float64), aligned on one
/// calendar and universe. Untradable[d, n] is true while suspended or not listed;
/// LimitUpAtOpen[d, n] is true when the day opened at the upper limit (cannot be bought).
/// IntradayReturns, when given, is [D, N, bars] of bar-to-bar returns.
/// </summary>
public sealed record LabelPanel(
    Tensor Open,
    Tensor Close,
    Tensor Vwap,
    Tensor Tradable,
    Tensor LimitUpAtOpen,
    Tensor? Benchmark = null,
    Tensor? IntradayReturns = null);

/// <summary>What a label's values are, and so which losses and model heads fit it.</summary>
public enum LabelKind
{
    /// <summary>Real numbers (returns, ranks, z-scores): regression losses, one score per stock.</summary>
    Continuous,
    /// <summary>0 or 1 (e.g. above the day's mean): binary cross-entropy on one logit per stock.</summary>
    Binary,
    /// <summary>Class indices 0 … C − 1 (return bins): cross-entropy on C logits per stock.</summary>
    Classes,
}

/// <summary>
/// Labels [D, N] (or [D, N, K] for a label of K horizons, output k for horizon k) and their mask
/// [D, N] (false = no honest label: cannot enter, or the future of some horizon is not known).
/// </summary>
public sealed record LabelResult(Tensor Values, Tensor Mask);

/// <summary>
/// A training target. The label dated d uses prices from d+1 (entry) up to d+1+Horizon, so a
/// sampler must leave at least <see cref="Horizon"/> + 1 days between the last training label's
/// date and the first test day.
/// </summary>
public interface ILabel : IPlugin
{
    int Horizon { get; }

    /// <summary>What the values are: a loss expecting another kind is refused before any training.</summary>
    LabelKind Kind => LabelKind.Continuous;

    /// <summary>For <see cref="LabelKind.Classes"/>: how many classes (values 0 … Classes − 1).</summary>
    int Classes => 0;

    /// <summary>
    /// The horizons of the label's outputs, in output order: one for a plain label; several (e.g. 1,
    /// 3, 5, 10 days) for a multi-horizon label, whose values are [D, N, K] and whose model gets one
    /// output per horizon. <see cref="Horizon"/> is then the longest, so the walk-forward gap covers every output.
    /// </summary>
    IReadOnlyList<int> Horizons => [Horizon];

    LabelResult Compute(LabelPanel panel);
}
