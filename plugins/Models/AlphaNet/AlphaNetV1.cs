using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.AlphaNet;

/// <summary>
/// AlphaNet-v1: operator layer (windows of 10 every 10) → BatchNorm → max/avg/min pooling over the
/// windows (3 at a time) → BatchNorm; both the normalised operator outputs and the pooled ones are
/// flattened and joined (702 features for a 9 × 30 picture: 117 × 3 + 117 × 3 × 1) → FC 30 → ReLU →
/// dropout 0.5 → output. With the attention option, an attention encoder replaces the pooling.
/// </summary>
public sealed class AlphaNetV1(ModelOptions? options) : DayModel(options)
{
    public AlphaNetV1() : this(null) { }

    protected override string Name => "alphanet_v1";
    protected override string Summary => "AlphaNet-v1: operators → BN → max/avg/min pooling → BN → FC 30 → dropout → out";

    public static int FeatureCount(int features, int lookback)
    {
        using var network = new Network(features, lookback, 1, attention: false);
        return network.Features;
    }

    protected override nn.Module CreateNetwork(int features, int lookback, int outputs) => new Network(features, lookback, outputs, Options.Attention);
    protected override Tensor ForwardStocks(nn.Module network, Tensor pictures) => ((Network)network).Forward(pictures);

    public sealed class Network : nn.Module, nn.IForward
    {
        private const int Pool = 3;
        private readonly OperatorBlock operators;
        private readonly nn.BatchNorm1d? poolNorm;
        private readonly SequenceEncoder? encoder;
        private readonly nn.Linear hidden, output;
        private readonly nn.Dropout dropout;

        public int Features { get; }

        public Network(int features, int lookback, int outputs, bool attention)
        {
            operators = RegisterModule("operators", new OperatorBlock(features, lookback, 10, 10));
            int rows = operators.Rows, windows = operators.Windows;
            int pooled;
            if (attention)
            {
                encoder = RegisterModule("encoder", new SequenceEncoder(SequenceEncoder.Kind.Attention, rows, 30, 1));
                pooled = 30;
            }
            else
            {
                poolNorm = RegisterModule("pool_norm", new nn.BatchNorm1d(rows * 3));
                pooled = rows * 3 * PooledLength(windows);
            }
            Features = rows * windows + pooled;
            hidden = RegisterModule("fc", Init.Xavier(new nn.Linear(Features, 30)));
            dropout = RegisterModule("dropout", new nn.Dropout(0.5));
            output = RegisterModule("out", Init.Xavier(new nn.Linear(30, outputs)));
        }

        private static int PooledLength(int windows) => windows < Pool ? 1 : windows / Pool;

        public Tensor Forward(Tensor pictures)
        {
            var features = operators.Forward(pictures);                      // [M, K, W]
            Tensor summary;
            if (encoder is not null)
            {
                summary = encoder.Forward(features.Transpose(1, 2));
            }
            else
            {
                long w = features.Size(2), size = Math.Min(Pool, w);
                var windows = features.Unfold(2, size, size);                // [M, K, W', size]
                var pooled = torch.Cat([windows.Amax(-1), windows.Mean(-1), windows.Amin(-1)], 1); // [M, 3K, W']
                summary = poolNorm!.Forward(pooled).Flatten(1);
            }
            var joined = torch.Cat([features.Flatten(1), summary], 1);
            return output.Forward(dropout.Forward(hidden.Forward(joined).Relu()));
        }
    }
}
