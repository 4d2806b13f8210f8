namespace AlphaHost.Torch;

/// <summary>Optimisers as torch.optim: the same update rules, written with libtorch's in-place ops.</summary>
public static partial class optim
{
    /// <summary>Parameters sharing hyper-parameters; null fields take the optimiser's defaults.</summary>
    public sealed record ParamGroup(IReadOnlyList<Tensor> Parameters, double? LearningRate = null, double? WeightDecay = null);

    public abstract class Optimizer : IDisposable
    {
        protected sealed class Group(IReadOnlyList<Tensor> parameters, double lr, double weightDecay)
        {
            public IReadOnlyList<Tensor> Parameters { get; } = parameters;
            public double LearningRate { get; set; } = lr;
            public double WeightDecay { get; set; } = weightDecay;
        }

        protected readonly List<Group> Groups = new();
        private readonly Dictionary<Tensor, Dictionary<string, Tensor>> state = new(ReferenceEqualityComparer.Instance);

        /// <summary>Steps taken so far.</summary>
        public long StepCount { get; private set; }

        protected Optimizer(IEnumerable<ParamGroup> groups, double lr, double weightDecay)
        {
            foreach (var g in groups) Groups.Add(new Group(g.Parameters, g.LearningRate ?? lr, g.WeightDecay ?? weightDecay));
        }

        protected static IEnumerable<ParamGroup> One(IEnumerable<Tensor> parameters) => [new ParamGroup(parameters.ToList())];

        /// <summary>The learning rate of every group (a schedule sets it between steps).</summary>
        public double LearningRate
        {
            get => Groups[0].LearningRate;
            set { foreach (var g in Groups) g.LearningRate = value; }
        }

        public IEnumerable<double> GroupLearningRates => Groups.Select(g => g.LearningRate);

        public void SetGroupLearningRate(int group, double lr) => Groups[group].LearningRate = lr;

        public IEnumerable<Tensor> Parameters => Groups.SelectMany(g => g.Parameters);

        public void ZeroGrad()
        {
            foreach (var p in Parameters) p.ZeroGrad();
        }

        /// <summary>Applies one update to every parameter that has a gradient.</summary>
        public void Step()
        {
            StepCount++;
            using var noGrad = torch.NoGrad();
            foreach (var group in Groups)
            {
                foreach (var p in group.Parameters)
                {
                    using var scope = torch.NewDisposeScope();
                    var grad = p.Grad;
                    if (grad is null) continue;
                    Update(p, grad, group, StateOf(p));
                }
            }
        }

        protected abstract void Update(Tensor p, Tensor grad, Group group, Dictionary<string, Tensor> state);

        /// <summary>A persistent per-parameter buffer (momentum, moments), created zero-filled on first use.</summary>
        protected static Tensor Buffer(Dictionary<string, Tensor> state, string name, Tensor like)
        {
            if (!state.TryGetValue(name, out var t)) state[name] = t = torch.ZerosLike(like).DetachFromDisposeScope();
            return t;
        }

        private Dictionary<string, Tensor> StateOf(Tensor p)
        {
            if (!state.TryGetValue(p, out var s)) state[p] = s = new Dictionary<string, Tensor>();
            return s;
        }

        public void Dispose()
        {
            foreach (var s in state.Values)
                foreach (var t in s.Values) t.Dispose();
            state.Clear();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Stochastic gradient descent with optional momentum (Nesterov) and L2 weight decay.</summary>
    public sealed class SGD : Optimizer
    {
        private readonly double momentum, dampening;
        private readonly bool nesterov;

        public SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
            : this(One(parameters), lr, momentum, dampening, weightDecay, nesterov) { }

        public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
            : base(groups, lr, weightDecay)
        {
            this.momentum = momentum;
            this.dampening = dampening;
            this.nesterov = nesterov;
        }

        protected override void Update(Tensor p, Tensor grad, Group group, Dictionary<string, Tensor> state)
        {
            var g = group.WeightDecay != 0 ? grad.Add(p, group.WeightDecay) : grad;
            if (momentum != 0)
            {
                bool first = !state.ContainsKey("momentum_buffer");
                var buf = Buffer(state, "momentum_buffer", p);
                if (first) buf.Copy_(g);
                else buf.Mul_(momentum).Add_(g, 1 - dampening);
                g = nesterov ? g.Add(buf, momentum) : buf;
            }
            p.Add_(g, -group.LearningRate);
        }
    }

    /// <summary>Adam (Kingma &amp; Ba) with bias correction; weight decay as L2 added to the gradient, as torch.optim.Adam.</summary>
    public class Adam : Optimizer
    {
        private readonly double beta1, beta2, eps;
        private readonly bool decoupled;
        private readonly Dictionary<Tensor, long> steps = new(ReferenceEqualityComparer.Instance);

        public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
            : this(One(parameters), lr, beta1, beta2, eps, weightDecay) { }

        public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
            : this(groups, lr, beta1, beta2, eps, weightDecay, decoupled: false) { }

        protected Adam(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
            : base(groups, lr, weightDecay)
        {
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.decoupled = decoupled;
        }

        protected override void Update(Tensor p, Tensor grad, Group group, Dictionary<string, Tensor> state)
        {
            double lr = group.LearningRate;
            var g = grad;
            if (group.WeightDecay != 0)
            {
                if (decoupled) p.Mul_(1 - lr * group.WeightDecay);
                else g = grad.Add(p, group.WeightDecay);
            }
            var m = Buffer(state, "exp_avg", p);
            var v = Buffer(state, "exp_avg_sq", p);
            m.Lerp_(g, 1 - beta1);
            v.Mul_(beta2).Addcmul_(g, g, 1 - beta2);
            // Bias correction counts this parameter's own updates, as torch.optim.Adam's per-parameter step.
            long t = steps[p] = steps.GetValueOrDefault(p) + 1;
            double bc1 = 1 - Math.Pow(beta1, t);
            double bc2 = 1 - Math.Pow(beta2, t);
            var denom = v.Sqrt().Div_(Math.Sqrt(bc2)).Add_(eps);
            p.Addcdiv_(m, denom, -lr / bc1);
        }
    }

    /// <summary>AdamW (Loshchilov &amp; Hutter): Adam with weight decay applied to the weights directly.</summary>
    public sealed class AdamW : Adam
    {
        public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2)
            : this(One(parameters), lr, beta1, beta2, eps, weightDecay) { }

        public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2)
            : base(groups, lr, beta1, beta2, eps, weightDecay, decoupled: true) { }
    }

    /// <summary>RMSprop (Hinton), with optional momentum and centring, as torch.optim.RMSprop.</summary>
    public sealed class RMSprop : Optimizer
    {
        private readonly double alpha, eps, momentum;
        private readonly bool centered;

        public RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
            : this(One(parameters), lr, alpha, eps, weightDecay, momentum, centered) { }

        public RMSprop(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
            : base(groups, lr, weightDecay)
        {
            this.alpha = alpha;
            this.eps = eps;
            this.momentum = momentum;
            this.centered = centered;
        }

        protected override void Update(Tensor p, Tensor grad, Group group, Dictionary<string, Tensor> state)
        {
            var g = group.WeightDecay != 0 ? grad.Add(p, group.WeightDecay) : grad;
            var sq = Buffer(state, "square_avg", p).Mul_(alpha).Addcmul_(g, g, 1 - alpha);
            Tensor avg;
            if (centered)
            {
                var gAvg = Buffer(state, "grad_avg", p).Lerp_(g, 1 - alpha);
                avg = sq.Sub(gAvg.Square()).Sqrt().Add_(eps);
            }
            else
            {
                avg = sq.Sqrt().Add_(eps);
            }
            if (momentum > 0)
            {
                var buf = Buffer(state, "momentum_buffer", p).Mul_(momentum).Addcdiv_(g, avg);
                p.Add_(buf, -group.LearningRate);
            }
            else
            {
                p.Addcdiv_(g, avg, -group.LearningRate);
            }
        }
    }
}
