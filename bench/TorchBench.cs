using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlphaHost.Bench;

/// <summary>
/// What the project's conventions cost on top of TorchSharp: one GRU training step (2 layers, input 117,
/// hidden 30, batch 4096, 20 time steps, Adam) written as the project's models and trainer write it (a
/// Module&lt;Tensor, Tensor&gt; network whose forward opens a dispose scope, a scope per step, the loss read back)
/// next to a bare TorchSharp loop (the same layers called directly, temporaries disposed by hand). Both start
/// from the same seed, so they do the same arithmetic. Blocks alternate for several rounds and the medians are
/// compared, so a burst of load on the machine hits both sides alike instead of deciding the ratio.
/// Usage: torch [steps per round=5] [threads=0 (libtorch default)] [rounds=7]
/// </summary>
public sealed class TorchBench : IBench
{
    private const long Batch = 4096, Seq = 20, Input = 117, Hidden = 30;

    public string Name => "torch";
    public string Description => "GRU training step: project style vs bare TorchSharp (alternating rounds); tiny-op overhead";

    public void Run(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0]) : 5;
        int threads = args.Length > 1 ? int.Parse(args[1]) : 0;
        int rounds = args.Length > 2 ? int.Parse(args[2]) : 7;
        if (threads > 0) torch.set_num_threads(threads);
        Console.WriteLine($"threads {torch.get_num_threads()}  rounds {rounds} x {steps} steps  load {File.ReadAllText("/proc/loadavg").Trim()}");

        using var project = new ProjectStep();
        using var bare = new BareStep();
        var projectMs = new List<double>();
        var bareMs = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            projectMs.Add(project.MeanStepMs(steps));
            bareMs.Add(bare.MeanStepMs(steps));
            Console.WriteLine($"round {round + 1}  project {projectMs[^1]:F1} ms  bare {bareMs[^1]:F1} ms");
        }
        double projectMedian = Median(projectMs), bareMedian = Median(bareMs);
        Console.WriteLine($"gru_step_ms {projectMedian:F3} (project style; min {projectMs.Min():F3})");
        Console.WriteLine($"bare_gru_step_ms {bareMedian:F3} (min {bareMs.Min():F3})");
        Console.WriteLine($"ratio_project_over_bare {projectMedian / bareMedian:F3} (of mins {projectMs.Min() / bareMs.Min():F3}; target <= 1.05)");
        Console.WriteLine($"tiny_add_us_per_call {TinyAddMicroseconds(200_000):F3}");
        Console.WriteLine($"load_after {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>GRU over the lookback, last step → linear, as plugins/Models writes a network.</summary>
    private sealed class GruNetwork : nn.Module<Tensor, Tensor>
    {
        private readonly GRU rnn;
        private readonly Linear out_;

        public GruNetwork() : base(nameof(GruNetwork))
        {
            rnn = nn.GRU(Input, Hidden, numLayers: 2, batchFirst: true);
            out_ = nn.Linear(Hidden, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor sequence)
        {
            using var scope = torch.NewDisposeScope();
            var (states, _) = rnn.forward(sequence, null);      // [M, T, H]
            return out_.forward(states.select(1, -1)).MoveToOuterDisposeScope();
        }
    }

    private abstract class Step : IDisposable
    {
        protected readonly Tensor X, Y;

        protected Step()
        {
            torch.manual_seed(7);
            X = torch.randn(Batch, Seq, Input);
            Y = torch.randn(Batch, 1);
        }

        protected void WarmUp()
        {
            for (int i = 0; i < 3; i++) Once();
        }

        public double MeanStepMs(int steps)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) Once();
            return sw.Elapsed.TotalMilliseconds / steps;
        }

        protected abstract void Once();

        public virtual void Dispose()
        {
            X.Dispose();
            Y.Dispose();
        }
    }

    /// <summary>As host/Research/Trainer.cs steps: a scope per step, zero_grad, loss, backward, step, loss read back.</summary>
    private sealed class ProjectStep : Step
    {
        private readonly GruNetwork network;
        private readonly optim.Optimizer adam;
        public double LossSum { get; private set; }

        public ProjectStep()
        {
            torch.manual_seed(11);
            network = new GruNetwork();
            network.train();
            adam = optim.Adam(network.parameters(), lr: 1e-3);
            WarmUp();
        }

        protected override void Once()
        {
            using var scope = torch.NewDisposeScope();
            adam.zero_grad();
            var value = nn.functional.mse_loss(network.forward(X), Y);
            value.backward();
            adam.step();
            LossSum += value.ToDouble();
        }

        public override void Dispose()
        {
            adam.Dispose();
            network.Dispose();
            base.Dispose();
        }
    }

    /// <summary>The same layers and arithmetic, called directly, each temporary disposed by hand.</summary>
    private sealed class BareStep : Step
    {
        private readonly GRU gru;
        private readonly Linear head;
        private readonly optim.Optimizer adam;
        public double LossSum { get; private set; }

        public BareStep()
        {
            torch.manual_seed(11);
            gru = nn.GRU(Input, Hidden, numLayers: 2, batchFirst: true);
            head = nn.Linear(Hidden, 1);
            adam = optim.Adam(gru.parameters().Concat(head.parameters()), lr: 1e-3);
            WarmUp();
        }

        protected override void Once()
        {
            adam.zero_grad();
            var (states, h) = gru.forward(X, null);
            using (states)
            using (h)
            using (var last = states.select(1, -1))
            using (var prediction = head.forward(last))
            using (var loss = nn.functional.mse_loss(prediction, Y))
            {
                loss.backward();
                adam.step();
                LossSum += loss.ToDouble();
            }
        }

        public override void Dispose()
        {
            adam.Dispose();
            head.Dispose();
            gru.Dispose();
            base.Dispose();
        }
    }

    private static double TinyAddMicroseconds(int calls)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(1);
        var b = torch.ones(1);
        for (int i = 0; i < 10_000; i++) a.add(b).Dispose();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) a.add(b).Dispose();
        return sw.Elapsed.TotalMilliseconds * 1000 / calls;
    }
}
