namespace AlphaHost.Torch;

public static partial class nn
{
    /// <summary>Stateless layers and losses, as torch.nn.functional.</summary>
    public static class functional
    {
        public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) => Aten.Call("aten::linear", input, weight, bias);
        public static Tensor Dropout(Tensor input, double p, bool training) => p == 0 || !training ? input.Alias() : Aten.Call("aten::dropout", input, p, training);
        public static Tensor Relu(Tensor x) => x.Relu();
        public static Tensor Softmax(Tensor x, long dim) => x.Softmax(dim);

        /// <summary>Mean squared error (reduction: 0 none, 1 mean, 2 sum).</summary>
        public static Tensor MseLoss(Tensor input, Tensor target, long reduction = 1) => Aten.Call("aten::mse_loss", input, target, reduction);
        public static Tensor L1Loss(Tensor input, Tensor target, long reduction = 1) => Aten.Call("aten::l1_loss", input, target, reduction);
        public static Tensor HuberLoss(Tensor input, Tensor target, double delta = 1, long reduction = 1) => Aten.Call("aten::huber_loss", input, target, reduction, delta);
        public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null, long reduction = 1) =>
            Aten.Call("aten::binary_cross_entropy_with_logits", input, target, weight, Arg.None, reduction);
        /// <summary>Cross-entropy of logits [N, C] against class indices [N] (int64).</summary>
        public static Tensor CrossEntropy(Tensor logits, Tensor target, Tensor? weight = null, long reduction = 1, double labelSmoothing = 0) =>
            Aten.Call("aten::cross_entropy_loss", logits, target, weight, reduction, -100L, labelSmoothing);
    }

    /// <summary>In-place initialisers, as torch.nn.init. Each returns its argument.</summary>
    public static class init
    {
        public static Tensor Uniform_(Tensor t, double a, double b) { using var _ = torch.NoGrad(); return t.Uniform_(a, b); }
        public static Tensor Normal_(Tensor t, double mean = 0, double std = 1) { using var _ = torch.NoGrad(); return t.Normal_(mean, std); }
        public static Tensor Zeros_(Tensor t) { using var _ = torch.NoGrad(); return t.Zero_(); }
        public static Tensor Constant_(Tensor t, double value) { using var _ = torch.NoGrad(); return t.Fill_(value); }

        /// <summary>U(−a, a) with a = gain·√(6 / (fan_in + fan_out)) (Glorot &amp; Bengio).</summary>
        public static Tensor XavierUniform_(Tensor t, double gain = 1)
        {
            var (fanIn, fanOut) = Fans(t);
            double a = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
            return Uniform_(t, -a, a);
        }

        public static Tensor XavierNormal_(Tensor t, double gain = 1)
        {
            var (fanIn, fanOut) = Fans(t);
            return Normal_(t, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
        }

        /// <summary>He initialisation for ReLU layers: U(−b, b), b = √(6 / fan_in).</summary>
        public static Tensor KaimingUniform_(Tensor t)
        {
            var (fanIn, _) = Fans(t);
            double b = Math.Sqrt(6.0 / fanIn);
            return Uniform_(t, -b, b);
        }

        private static (long FanIn, long FanOut) Fans(Tensor t)
        {
            var s = t.Shape;
            if (s.Length < 2) throw new TorchException($"fan in/out needs at least 2 dimensions, got {t.Describe()}");
            long receptive = 1;
            for (int i = 2; i < s.Length; i++) receptive *= s[i];
            return (s[1] * receptive, s[0] * receptive);
        }
    }

    public static class utils
    {
        /// <summary>Scales gradients so their global L2 norm is at most maxNorm; returns the norm before clipping.</summary>
        public static double ClipGradNorm_(IEnumerable<Tensor> parameters, double maxNorm)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.NoGrad();
            var grads = parameters.Select(p => p.Grad).Where(g => g is not null).Cast<Tensor>().ToArray();
            if (grads.Length == 0) return 0;
            var norms = torch.Stack(grads.Select(g => g.Norm(2)).ToArray());
            double total = norms.Norm(2).ToDouble();
            double coef = maxNorm / (total + 1e-6);
            if (coef < 1)
                foreach (var g in grads) g.Mul_(coef);
            return total;
        }
    }
}
