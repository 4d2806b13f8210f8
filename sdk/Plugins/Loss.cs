using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Sdk.Plugins;

/// <summary>
/// One training batch as a loss sees it. Every tensor is [days B, stocks N] (predictions may carry
/// a trailing class dimension); mask is true for stocks that count that day. Liquidity (traded
/// value) is given where a loss needs it.
/// </summary>
public sealed record LossInput(Tensor Predictions, Tensor Labels, Tensor Mask, Tensor? Liquidity = null);

/// <summary>
/// A training objective, computed per day across that day's stocks, honouring the mask, and
/// averaged over days. Lower is better; gradients flow to the predictions.
/// </summary>
public interface ILoss : IPlugin
{
    /// <summary>The kind of label this loss is defined on (see <see cref="ILabel.Kind"/>).</summary>
    LabelKind Expects => LabelKind.Continuous;

    Tensor Compute(LossInput input);
}
