using System.Diagnostics;
using AlphaHost.Torch;

namespace AlphaHost.Bench;

/// <summary>
/// The binding's cost: one GRU training step (2 layers, input 117, hidden 30, batch 4096, 20 steps,
/// Adam) next to the same step in C++ (build/native/gru_step_ref, same libtorch, same threads), and
/// the per-call overhead of a tiny op through the dispatcher.
/// Usage: torch [steps=20] [threads=0 (libtorch default)]
/// </summary>
public sealed class TorchBench : IBench
{
    public string Name => "torch";
    public string Description => "GRU training step: C# binding vs C++ libtorch; tiny-op dispatcher overhead";

    public void Run(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0]) : 20;
        int threads = args.Length > 1 ? int.Parse(args[1]) : 0;
        if (threads > 0) torch.NumThreads = threads;
        Console.WriteLine($"threads {torch.NumThreads}");

        double csharp = GruStepMs(steps);
        double cpp = CppGruStepMs(steps, torch.NumThreads);
        Console.WriteLine($"csharp_gru_step_ms {csharp:F3}");
        Console.WriteLine($"cpp_gru_step_ms {cpp:F3}");
        Console.WriteLine($"ratio_csharp_over_cpp {csharp / cpp:F3}");
        Console.WriteLine($"tiny_add_us_per_call {TinyAddMicroseconds(200_000):F3}");
    }

    private static double GruStepMs(int steps)
    {
        torch.ManualSeed(7);
        const long batch = 4096, seq = 20, input = 117, hidden = 30;
        using var gru = new nn.GRU(input, hidden, numLayers: 2);
        using var head = new nn.Linear(hidden, 1);
        using var adam = new optim.Adam(gru.Parameters().Concat(head.Parameters()), lr: 1e-3);
        using var data = torch.NewDisposeScope();
        var x = torch.Randn([batch, seq, input]);
        var y = torch.Randn([batch, 1]);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            adam.ZeroGrad();
            var output = gru.Forward(x).Output;
            var loss = nn.functional.MseLoss(head.Forward(output.Select(1, seq - 1)), y);
            loss.Backward();
            adam.Step();
        }
        for (int i = 0; i < 3; i++) Step();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) Step();
        return sw.Elapsed.TotalMilliseconds / steps;
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
