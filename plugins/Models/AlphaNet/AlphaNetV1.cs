using AlphaHost.Sdk.Plugins;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.AlphaNet;

/// <summary>
/// AlphaNet-v1: operator layer (windows of 10 every 10) → BatchNorm → max/avg/min pooling over the
/// windows (3 at a time) → BatchNorm; both the normalised operator outputs and the pooled ones are
/// flattened and joined (702 features for a 9 × 30 picture: 117 × 3 + 117 × 3 × 1) → FC 30 → ReLU →
/// dropout 0.5 → output. With the attention option, an attention encoder replaces the pooling.
/// </summary>
public sealed class AlphaNetV1(ModelOptions? options) : AlphaNetModel(options)
{
    public AlphaNetV1() : this(null) { }

    protected override string Name => "alphanet_v1";
    protected override string Summary => "AlphaNet-v1: operators → BN → max/avg/min pooling → BN → FC 30 → dropout → out";

    public static int FeatureCount(IReadOnlyList<IOperatorLayer> operators, int features, int lookback)
    {
        using var network = new Net(operators, features, lookback, 1, attention: false);
        return network.Features;
    }

    protected override nn.Module<Tensor, Tensor> CreateNetwork(int features, int lookback, int outputs) => new Net(Operators, features, lookback, outputs, Options.Attention);

    public sealed class Net : nn.Module<Tensor, Tensor>
    {
        private const int Pool = 3;
        // Field names are the state_dict keys.
        private readonly OperatorBlock operators;
        private readonly BatchNorm1d? pool_norm;
        private readonly SequenceEncoder? encoder;
        private readonly Linear fc, @out;
        private readonly Dropout dropout;

        public int Features { get; }

        public Net(IReadOnlyList<IOperatorLayer> layers, int features, int lookback, int outputs, bool attention) : base("AlphaNetV1")
        {
            operators = new OperatorBlock(layers, features, lookback, 10, 10);
            int rows = operators.Rows, windows = operators.Windows;
            int pooled;
            if (attention)
            {
                encoder = new SequenceEncoder(SequenceEncoder.Kind.Attention, rows, 30, 1);
                pooled = 30;
            }
            else
            {
                pool_norm = nn.BatchNorm1d(rows * 3);
                pooled = rows * 3 * PooledLength(windows);
            }
            Features = rows * windows + pooled;
            fc = Init.Xavier(nn.Linear(Features, 30));
            dropout = nn.Dropout(0.5);
            @out = Init.Xavier(nn.Linear(30, outputs));
            RegisterComponents();
        }

        private static int PooledLength(int windows) => windows < Pool ? 1 : windows / Pool;

        /// <summary>[M, F, T] → [M, outputs].</summary>
        public override Tensor forward(Tensor pictures)
        {
            using var scope = torch.NewDisposeScope();
            var features = operators.forward(pictures);                      // [M, K, W]
            Tensor summary;
            if (encoder is not null)
            {
                summary = encoder.forward(features.transpose(1, 2));
            }
            else
            {
                long w = features.size(2), size = Math.Min(Pool, w);
                var windows = features.unfold(2, size, size);                // [M, K, W', size]
                var pooled = torch.cat([windows.amax([-1]), windows.mean([-1]), windows.amin([-1])], 1); // [M, 3K, W']
                summary = pool_norm!.forward(pooled).flatten(1);
            }
            var joined = torch.cat([features.flatten(1), summary], 1);
            return @out.forward(dropout.forward(fc.forward(joined).relu())).MoveToOuterDisposeScope();
        }
    }
}
