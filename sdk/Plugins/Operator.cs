using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Sdk.Plugins;

/// <summary>
/// An AlphaNet operator layer: parameter-free and differentiable, it turns data pictures
/// [N stocks, F features, T days] into [N, K, W]: K output rows per window, W windows.
/// Windows of <c>window</c> days start at 0, s, 2s, … (s = stride); when (T − window) is not a
/// multiple of s, one final, shorter window covers the days left after the last full window's
/// successor start up to T (the AlphaNet reproduction's convention).
/// </summary>
public interface IOperatorLayer : IPlugin
{
    /// <summary>The operator's name as the CLI and configs spell it, e.g. "ts_corr".</summary>
    string OperatorName { get; }

    /// <summary>Output rows K for F input rows (F for one-row operators, F(F−1)/2 for pair operators).</summary>
    int OutputRows(int features);

    Tensor forward(Tensor pictures, int window, int stride);
}
