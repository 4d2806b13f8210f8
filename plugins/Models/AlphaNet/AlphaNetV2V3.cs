using AlphaHost.Sdk.Plugins;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.AlphaNet;

/// <summary>AlphaNet-v2: operator layer (10 every 10) → BatchNorm → LSTM(30) over the windows → BatchNorm → FC.</summary>
public sealed class AlphaNetV2(ModelOptions? options) : AlphaNetModel(options)
{
    public AlphaNetV2() : this(null) { }

    protected override string Name => "alphanet_v2";
    protected override string Summary => "AlphaNet-v2: operators → BN → LSTM(30) → BN → FC";

    protected override nn.Module<Tensor, Tensor> CreateNetwork(int features, int lookback, int outputs) => new Net(Operators, features, lookback, outputs, Options.Attention);

    public sealed class Net : nn.Module<Tensor, Tensor>
    {
        // Field names are the state_dict keys.
        private readonly OperatorBlock operators;
        private readonly SequenceEncoder encoder;
        private readonly BatchNorm1d norm;
        private readonly Linear @out;

        public Net(IReadOnlyList<IOperatorLayer> layers, int features, int lookback, int outputs, bool attention) : base("AlphaNetV2")
        {
            operators = new OperatorBlock(layers, features, lookback, 10, 10);
            encoder = new SequenceEncoder(attention ? SequenceEncoder.Kind.Attention : SequenceEncoder.Kind.Lstm, operators.Rows, 30, 1);
            norm = nn.BatchNorm1d(30);
            @out = Init.Xavier(nn.Linear(30, outputs));
            RegisterComponents();
        }

        /// <summary>[M, F, T] → [M, outputs].</summary>
        public override Tensor forward(Tensor pictures)
        {
            using var scope = torch.NewDisposeScope();
            var steps = operators.forward(pictures).transpose(1, 2);         // [M, windows, rows]
            return @out.forward(norm.forward(encoder.forward(steps))).MoveToOuterDisposeScope();
        }
    }
}

/// <summary>
/// AlphaNet-v3: two operator layers — windows of 10 every 10 and of 3 every 3 — each → BatchNorm →
/// 2-layer GRU(30); the two final states are joined → FC → output.
/// </summary>
public sealed class AlphaNetV3(ModelOptions? options) : AlphaNetModel(options)
{
    public AlphaNetV3() : this(null) { }

    protected override string Name => "alphanet_v3";
    protected override string Summary => "AlphaNet-v3: operators at strides 10 and 3 → BN → 2-layer GRU(30) each → concat → FC";

    protected override nn.Module<Tensor, Tensor> CreateNetwork(int features, int lookback, int outputs) => new Net(Operators, features, lookback, outputs, Options.Attention);

    public sealed class Net : nn.Module<Tensor, Tensor>
    {
        // Field names are the state_dict keys.
        private readonly OperatorBlock coarse, fine;
        private readonly SequenceEncoder coarse_encoder, fine_encoder;
        private readonly Linear @out;

        public Net(IReadOnlyList<IOperatorLayer> layers, int features, int lookback, int outputs, bool attention) : base("AlphaNetV3")
        {
            var kind = attention ? SequenceEncoder.Kind.Attention : SequenceEncoder.Kind.Gru;
            coarse = new OperatorBlock(layers, features, lookback, 10, 10);
            fine = new OperatorBlock(layers, features, lookback, 3, 3);
            coarse_encoder = new SequenceEncoder(kind, coarse.Rows, 30, 2);
            fine_encoder = new SequenceEncoder(kind, fine.Rows, 30, 2);
            @out = Init.Xavier(nn.Linear(60, outputs));
            RegisterComponents();
        }

        /// <summary>[M, F, T] → [M, outputs].</summary>
        public override Tensor forward(Tensor pictures)
        {
            using var scope = torch.NewDisposeScope();
            var a = coarse_encoder.forward(coarse.forward(pictures).transpose(1, 2));
            var b = fine_encoder.forward(fine.forward(pictures).transpose(1, 2));
            return @out.forward(torch.cat([a, b], 1)).MoveToOuterDisposeScope();
        }
    }
}
