namespace AlphaHost.Torch;

public static partial class nn
{
    /// <summary>y = x Wᵀ + b, initialised as PyTorch: U(−1/√in, 1/√in).</summary>
    public sealed class Linear : Module, IForward
    {
        public long InFeatures { get; }
        public long OutFeatures { get; }

        public Linear(long inFeatures, long outFeatures, bool bias = true)
        {
            InFeatures = inFeatures;
            OutFeatures = outFeatures;
            double bound = 1 / Math.Sqrt(inFeatures);
            RegisterParameter("weight", torch.Empty([outFeatures, inFeatures]).Uniform_(-bound, bound));
            if (bias) RegisterParameter("bias", torch.Empty([outFeatures]).Uniform_(-bound, bound));
        }

        public Tensor Weight => Param("weight");
        public Tensor? Bias => OptionalParam("bias");
        public Tensor Forward(Tensor input) => functional.Linear(input, Weight, Bias);
    }

    /// <summary>A lookup table of learnable vectors, N(0, 1) initialised; optional max-norm renormalisation as PyTorch.</summary>
    public sealed class Embedding : Module, IForward
    {
        private readonly double? maxNorm;

        public Embedding(long count, long dim, double? maxNorm = null)
        {
            this.maxNorm = maxNorm;
            RegisterParameter("weight", torch.Randn([count, dim]));
        }

        public Tensor Weight => Param("weight");

        public Tensor Forward(Tensor indices)
        {
            if (maxNorm is double m)
            {
                // As torch.nn.Embedding(max_norm=...): rows looked up are rescaled in place to norm <= m.
                using var noGrad = torch.NoGrad();
                Aten.CallVoid("aten::embedding_renorm_", Weight, indices, m, 2.0);
            }
            return Aten.Call("aten::embedding", Weight, indices, -1L, false, false);
        }
    }

    public sealed class Dropout(double p = 0.5) : Module, IForward
    {
        public double P { get; } = p;
        public Tensor Forward(Tensor input) => functional.Dropout(input, P, Training);
    }

    /// <summary>Batch normalisation over dim 1 of [N, C] / [N, C, L] (1d) or [N, C, H, W] (2d); running statistics in buffers.</summary>
    public class BatchNorm : Module, IForward
    {
        private readonly double eps;
        private readonly double momentum;

        public BatchNorm(long features, double eps = 1e-5, double momentum = 0.1, bool affine = true)
        {
            this.eps = eps;
            this.momentum = momentum;
            if (affine)
            {
                RegisterParameter("weight", torch.Ones([features]));
                RegisterParameter("bias", torch.Zeros([features]));
            }
            RegisterBuffer("running_mean", torch.Zeros([features]));
            RegisterBuffer("running_var", torch.Ones([features]));
        }

        public Tensor Forward(Tensor input) =>
            Aten.Call("aten::batch_norm", input, OptionalParam("weight"), OptionalParam("bias"),
                Buffer("running_mean"), Buffer("running_var"), Training, momentum, eps, false);
    }

    public sealed class BatchNorm1d(long features, double eps = 1e-5, double momentum = 0.1, bool affine = true)
        : BatchNorm(features, eps, momentum, affine);

    public sealed class BatchNorm2d(long features, double eps = 1e-5, double momentum = 0.1, bool affine = true)
        : BatchNorm(features, eps, momentum, affine);

    /// <summary>Normalises over the trailing dimensions given by `shape`, with a learnable scale and shift.</summary>
    public sealed class LayerNorm : Module, IForward
    {
        private readonly long[] shape;
        private readonly double eps;

        public LayerNorm(long[] shape, double eps = 1e-5)
        {
            this.shape = shape;
            this.eps = eps;
            RegisterParameter("weight", torch.Ones(shape));
            RegisterParameter("bias", torch.Zeros(shape));
        }

        public LayerNorm(long features, double eps = 1e-5) : this([features], eps) { }

        public Tensor Forward(Tensor input) => Aten.Call("aten::layer_norm", input, shape, Param("weight"), Param("bias"), eps, false);
    }
}
