using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.AlphaNet;

/// <summary>AlphaNet-v2: operator layer (10 every 10) → BatchNorm → LSTM(30) over the windows → BatchNorm → FC.</summary>
public sealed class AlphaNetV2(ModelOptions? options) : DayModel(options)
{
    public AlphaNetV2() : this(null) { }

    protected override string Name => "alphanet_v2";
    protected override string Summary => "AlphaNet-v2: operators → BN → LSTM(30) → BN → FC";

    protected override nn.Module CreateNetwork(int features, int lookback, int outputs) => new Network(features, lookback, outputs, Options.Attention);
    protected override Tensor ForwardStocks(nn.Module network, Tensor pictures) => ((Network)network).Forward(pictures);

    public sealed class Network : nn.Module, nn.IForward
    {
        private readonly OperatorBlock operators;
        private readonly SequenceEncoder encoder;
        private readonly nn.BatchNorm1d norm;
        private readonly nn.Linear output;

        public Network(int features, int lookback, int outputs, bool attention)
        {
            operators = RegisterModule("operators", new OperatorBlock(features, lookback, 10, 10));
            encoder = RegisterModule("encoder", new SequenceEncoder(attention ? SequenceEncoder.Kind.Attention : SequenceEncoder.Kind.Lstm, operators.Rows, 30, 1));
            norm = RegisterModule("norm", new nn.BatchNorm1d(30));
            output = RegisterModule("out", Init.Xavier(new nn.Linear(30, outputs)));
        }

        public Tensor Forward(Tensor pictures) =>
            output.Forward(norm.Forward(encoder.Forward(operators.Forward(pictures).Transpose(1, 2))));
    }
}

/// <summary>
/// AlphaNet-v3: two operator layers — windows of 10 every 10 and of 3 every 3 — each → BatchNorm →
/// 2-layer GRU(30); the two final states are joined → FC → output.
/// </summary>
public sealed class AlphaNetV3(ModelOptions? options) : DayModel(options)
{
    public AlphaNetV3() : this(null) { }

    protected override string Name => "alphanet_v3";
    protected override string Summary => "AlphaNet-v3: operators at strides 10 and 3 → BN → 2-layer GRU(30) each → concat → FC";

    protected override nn.Module CreateNetwork(int features, int lookback, int outputs) => new Network(features, lookback, outputs, Options.Attention);
    protected override Tensor ForwardStocks(nn.Module network, Tensor pictures) => ((Network)network).Forward(pictures);

    public sealed class Network : nn.Module, nn.IForward
    {
        private readonly OperatorBlock coarse, fine;
        private readonly SequenceEncoder coarseEncoder, fineEncoder;
        private readonly nn.Linear output;

        public Network(int features, int lookback, int outputs, bool attention)
        {
            var kind = attention ? SequenceEncoder.Kind.Attention : SequenceEncoder.Kind.Gru;
            coarse = RegisterModule("coarse", new OperatorBlock(features, lookback, 10, 10));
            fine = RegisterModule("fine", new OperatorBlock(features, lookback, 3, 3));
            coarseEncoder = RegisterModule("coarse_encoder", new SequenceEncoder(kind, coarse.Rows, 30, 2));
            fineEncoder = RegisterModule("fine_encoder", new SequenceEncoder(kind, fine.Rows, 30, 2));
            output = RegisterModule("out", Init.Xavier(new nn.Linear(60, outputs)));
        }

        public Tensor Forward(Tensor pictures)
        {
            var a = coarseEncoder.Forward(coarse.Forward(pictures).Transpose(1, 2));
            var b = fineEncoder.Forward(fine.Forward(pictures).Transpose(1, 2));
            return output.Forward(torch.Cat([a, b], 1));
        }
    }
}
