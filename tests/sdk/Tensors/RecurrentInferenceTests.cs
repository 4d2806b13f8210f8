using AlphaHost.Sdk.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Sdk.Tests.Tensors;

/// <summary>
/// Scoring runs models under no_grad, where libtorch may pick other CPU kernels than in training.
/// An LSTM must give the same outputs both ways (oneDNN's AVX-512 RNN inference kernel did not on
/// an AMD EPYC host; see <c>OneDnnCpuIsa</c>).
/// </summary>
public class RecurrentInferenceTests
{
    [Fact]
    public void AnLstmScoresUnderNoGradAsItDoesWithGradients()
    {
        Assert.Equal("cpu", TorchDevices.Parse("cpu").type.ToString().ToLowerInvariant()); // the SDK is loaded: its oneDNN cap is set
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var lstm = nn.LSTM(9, 16, 1, batchFirst: true);
        var input = randn(64, 30, 9);
        var withGrad = lstm.forward(input).Item1;
        Tensor inference;
        using (no_grad()) inference = lstm.forward(input).Item1;
        double gap = (withGrad - inference).abs().max().item<float>();
        Assert.True(gap < 1e-5, $"no_grad output differs by up to {gap}");
    }
}
