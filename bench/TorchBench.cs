using System.Diagnostics;
using AlphaHost.Torch;

namespace AlphaHost.Bench;

/// <summary>
/// The binding's cost: one GRU training step (2 layers, input 117, hidden 30, batch 4096, 20 steps,
/// Adam) next to the same step in C++ (build/native/gru_step_ref, same libtorch, same threads), and
/// the per-call overhead of a tiny op through the dispatcher. C# and C++ blocks alternate for
/// several rounds and the medians are compared, so a burst of load on the machine hits both sides
/// alike instead of deciding the ratio.
/// Usage: torch [steps per round=5] [threads=0 (libtorch default)] [rounds=7]
/// </summary>
public sealed class TorchBench : IBench
{
    public string Name => "torch";
    public string Description => "GRU training step: C# binding vs C++ libtorch (alternating rounds); tiny-op dispatcher overhead";

    public void Run(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0]) : 5;
        int threads = args.Length > 1 ? int.Parse(args[1]) : 0;
        int rounds = args.Length > 2 ? int.Parse(args[2]) : 7;
        if (threads > 0) torch.NumThreads = threads;
        Console.WriteLine($"threads {torch.NumThreads}  rounds {rounds} x {steps} steps");

        using var gru = new GruStep();
        var csharp = new List<double>();
        var cpp = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            csharp.Add(gru.MeanStepMs(steps));
            cpp.Add(CppGruStepMs(steps, torch.NumThreads));
            Console.WriteLine($"round {round + 1}  csharp {csharp[^1]:F1} ms  cpp {cpp[^1]:F1} ms");
        }
        double csharpMedian = Median(csharp), cppMedian = Median(cpp);
        Console.WriteLine($"csharp_gru_step_ms {csharpMedian:F3} (min {csharp.Min():F3})");
        Console.WriteLine($"cpp_gru_step_ms {cppMedian:F3} (min {cpp.Min():F3})");
        Console.WriteLine($"ratio_csharp_over_cpp {csharpMedian / cppMedian:F3} (of mins {csharp.Min() / cpp.Min():F3})");
        Console.WriteLine($"tiny_add_us_per_call {TinyAddMicroseconds(200_000):F3}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The step of gru_step_ref.cpp through the binding; the model persists across rounds as the C++ one does within its run.</summary>
    private sealed class GruStep : IDisposable
    {
        private const long Batch = 4096, Seq = 20, Input = 117, Hidden = 30;
        private readonly nn.GRU _gru;
        private readonly nn.Linear _head;
        private readonly optim.Adam _adam;
        private readonly Tensor _x, _y;

        public GruStep()
        {
            torch.ManualSeed(7);
            _gru = new nn.GRU(Input, Hidden, numLayers: 2);
            _head = new nn.Linear(Hidden, 1);
            _adam = new optim.Adam(_gru.Parameters().Concat(_head.Parameters()), lr: 1e-3);
            _x = torch.Randn([Batch, Seq, Input]).DetachFromDisposeScope();
            _y = torch.Randn([Batch, 1]).DetachFromDisposeScope();
            for (int i = 0; i < 3; i++) Step(); // warm-up, as the C++ loop does
        }

        public double MeanStepMs(int steps)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) Step();
            return sw.Elapsed.TotalMilliseconds / steps;
        }

        private void Step()
        {
            using var scope = torch.NewDisposeScope();
            _adam.ZeroGrad();
            var output = _gru.Forward(_x).Output;
            var loss = nn.functional.MseLoss(_head.Forward(output.Select(1, Seq - 1)), _y);
            loss.Backward();
            _adam.Step();
        }

        public void Dispose()
        {
            _adam.Dispose();
            _head.Dispose();
            _gru.Dispose();
            _x.Dispose();
            _y.Dispose();
        }
    }

    private static double CppGruStepMs(int steps, int threads)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "build", "native", "gru_step_ref");
        if (!File.Exists(exe)) exe = Path.Combine(Environment.CurrentDirectory, "build", "native", "gru_step_ref");
        var psi = new ProcessStartInfo(exe, $"{steps} {threads}") { RedirectStandardOutput = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {exe} (run `make bench`, which builds it)");
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var parts = output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return double.Parse(parts[1]);
    }

    private static double TinyAddMicroseconds(int calls)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.Ones([1]);
        var b = torch.Ones([1]);
        for (int i = 0; i < 10_000; i++) a.Add(b).Dispose();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) a.Add(b).Dispose();
        return sw.Elapsed.TotalMilliseconds * 1000 / calls;
    }
}
