namespace AlphaHost.Torch;

public static partial class nn
{
    /// <summary>
    /// Weights of a multi-layer recurrent net in PyTorch's layout and names (weight_ih_l0, weight_hh_l0,
    /// bias_ih_l0, bias_hh_l0, ...), initialised U(−1/√hidden, 1/√hidden). The fused ATen kernels
    /// (aten::gru / aten::lstm) run the recurrence, so autograd and speed are libtorch's own.
    /// </summary>
    public abstract class RecurrentBase : Module
    {
        public long InputSize { get; }
        public long HiddenSize { get; }
        public int NumLayers { get; }
        public bool BatchFirst { get; }
        public double DropoutP { get; }
        public bool Bidirectional { get; }
        private readonly bool bias;

        protected RecurrentBase(int gates, long inputSize, long hiddenSize, int numLayers, bool bias, bool batchFirst, double dropout, bool bidirectional)
        {
            InputSize = inputSize;
            HiddenSize = hiddenSize;
            NumLayers = numLayers;
            BatchFirst = batchFirst;
            DropoutP = dropout;
            Bidirectional = bidirectional;
            this.bias = bias;
            double bound = 1 / Math.Sqrt(hiddenSize);
            int directions = bidirectional ? 2 : 1;
            for (int layer = 0; layer < numLayers; layer++)
            {
                for (int d = 0; d < directions; d++)
                {
                    string suffix = $"l{layer}" + (d == 1 ? "_reverse" : "");
                    long layerInput = layer == 0 ? inputSize : hiddenSize * directions;
                    RegisterParameter($"weight_ih_{suffix}", torch.Empty([gates * hiddenSize, layerInput]).Uniform_(-bound, bound));
                    RegisterParameter($"weight_hh_{suffix}", torch.Empty([gates * hiddenSize, hiddenSize]).Uniform_(-bound, bound));
                    if (bias)
                    {
                        RegisterParameter($"bias_ih_{suffix}", torch.Empty([gates * hiddenSize]).Uniform_(-bound, bound));
                        RegisterParameter($"bias_hh_{suffix}", torch.Empty([gates * hiddenSize]).Uniform_(-bound, bound));
                    }
                }
            }
        }

        /// <summary>The flat weight list in the order aten::gru/aten::lstm expect.</summary>
        protected Tensor[] FlatWeights() => Parameters().Take(NumLayers * (Bidirectional ? 2 : 1) * (bias ? 4 : 2)).ToArray();

        protected bool HasBias => bias;

        protected Tensor ZeroState(Tensor input)
        {
            long batch = input.Size(BatchFirst ? 0 : 1);
            return torch.Zeros([NumLayers * (Bidirectional ? 2 : 1), batch, HiddenSize], input.Dtype);
        }
    }

    /// <summary>Multi-layer GRU; input [batch, seq, features] when batchFirst. Returns (output of the last layer at every step, final hidden state per layer).</summary>
    public sealed class GRU(long inputSize, long hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = true, double dropout = 0, bool bidirectional = false)
        : RecurrentBase(3, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional)
    {
        public (Tensor Output, Tensor Hidden) Forward(Tensor input, Tensor? h0 = null)
        {
            using var zero = h0 is null ? ZeroState(input) : null;
            var r = Aten.CallMany("aten::gru.input", input, h0 ?? zero!, FlatWeights(), HasBias, (long)NumLayers, DropoutP, Training, Bidirectional, BatchFirst);
            return (r[0], r[1]);
        }
    }

    /// <summary>Multi-layer LSTM; returns (output, final hidden state, final cell state).</summary>
    public sealed class LSTM(long inputSize, long hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = true, double dropout = 0, bool bidirectional = false)
        : RecurrentBase(4, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional)
    {
        public (Tensor Output, Tensor Hidden, Tensor Cell) Forward(Tensor input, (Tensor H, Tensor C)? state = null)
        {
            using var h = state is null ? ZeroState(input) : null;
            using var c = state is null ? ZeroState(input) : null;
            Tensor[] hx = state is { } s ? [s.H, s.C] : [h!, c!];
            var r = Aten.CallMany("aten::lstm.input", input, hx, FlatWeights(), HasBias, (long)NumLayers, DropoutP, Training, Bidirectional, BatchFirst);
            return (r[0], r[1], r[2]);
        }
    }
}
