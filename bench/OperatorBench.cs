using System.Diagnostics;
using System.Globalization;
using AlphaHost.Plugins.Models.AlphaNet;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Sdk.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Bench;

/// <summary>
/// AlphaNet's seven operator layers through the binding (OperatorLayers.Apply) next to the reference
/// NumPy implementation (bench/reference/alphanet_numpy.py: windows looped in Python, stocks and pairs
/// vectorised; also a tuned single-pass NumPy for context) on the same input, with the speed-ups and the
/// largest difference between the outputs.
/// Usage: operators [repeats=5] [threads=0 (libtorch default)]
/// </summary>
public sealed class OperatorBench : IBench
{
    public string Name => "operators";
    public string Description => "AlphaNet's 7 operators: binding vs reference NumPy (5,000 pictures 9×30 and 30×40), speed-up and max abs diff";

    private const string Python = "/usr/bin/python3";
    // float32 statistics of ~1-valued windows computed in a different order agree to a few ulps.
    private const double Tolerance = 1e-4;

    /// <summary>"reproduction": the issue's reference (the research code's structure); "fused": a tuned single-pass NumPy, for context.</summary>
    private static readonly string[] NumpyStyles = ["reproduction", "fused"];

    private sealed record Case(int Stocks, int Features, int Days, int Window, int Stride);

    private static readonly Case[] Cases =
    [
        new(5000, 9, 30, 10, 10),
        new(5000, 9, 30, 3, 3),
        new(5000, 30, 40, 10, 10),
    ];

    public void Run(string[] args)
    {
        int repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        int threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
        if (threads > 0) torch.set_num_threads(threads);
        Console.WriteLine($"threads {torch.get_num_threads()}  repeats {repeats}  (times are medians; numpy is single-threaded)");

        var script = FindScript();
        string? skipReason = NumpyMissing();
        if (skipReason != null) Console.WriteLine($"numpy reference skipped: {skipReason}");

        var dir = Directory.CreateTempSubdirectory("alphahost-bench-operators-");
        try
        {
            foreach (var c in Cases) RunCase(c, repeats, dir.FullName, skipReason == null ? script : null);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void RunCase(Case c, int repeats, string dir, string? script)
    {
        string label = $"{c.Stocks}x{c.Features}x{c.Days}_d{c.Window}_s{c.Stride}";
        var shape = new long[] { c.Stocks, c.Features, c.Days };
        var pictures = Pictures(c, seed: 42);
        string input = Path.Combine(dir, $"{label}.x.npy");
        Npy.WriteFloat32(input, pictures, shape);

        var (bindingMs, output) = TimeBinding(pictures, shape, AlphaNetOptions.PaperOperators, c.Window, c.Stride, repeats, keepOutput: true);
        Console.WriteLine($"{label} binding_ms {bindingMs:F2}  output [{string.Join(", ", output.Shape)}]");
        Console.WriteLine($"{label} binding_ms_by_operator " + string.Join("  ", AlphaNetOptions.PaperOperators.Select(op =>
            $"{op} {TimeBinding(pictures, shape, [op], c.Window, c.Stride, repeats, keepOutput: false).Ms:F1}")));
        if (script == null) return;

        foreach (var style in NumpyStyles)
        {
            string reference = Path.Combine(dir, $"{label}.numpy-{style}.npy");
            double numpyMs = RunNumpy(script, input, c.Window, c.Stride, reference, style, repeats);
            var expected = Npy.ReadFloat32(reference);
            if (!expected.Shape.SequenceEqual(output.Shape))
                throw new InvalidOperationException($"{label}: numpy {style} gave shape ({string.Join(", ", expected.Shape)}), the binding ({string.Join(", ", output.Shape)})");
            double maxAbsDiff = MaxAbsDiff(output.Data, expected.Data);
            Console.WriteLine($"{label} numpy_{style}_ms {numpyMs:F2}  speedup {numpyMs / bindingMs:F1}x  max_abs_diff {maxAbsDiff:E2}"
                              + (maxAbsDiff <= Tolerance ? "" : $"  DISAGREE (tolerance {Tolerance:E0})"));
        }
    }

    /// <summary>Price-like positive values near 1, with some constant windows (suspended stocks) to take the zero-variance branches.</summary>
    private static float[] Pictures(Case c, int seed)
    {
        var random = new Random(seed);
        var values = new float[c.Stocks * c.Features * c.Days];
        for (int i = 0; i < values.Length; i++)
        {
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = (float)Math.Exp(0.2 * gaussian);
        }
        for (int stock = 0; stock < c.Stocks; stock += 50)
            for (int day = 0; day < c.Days / 2; day++) values[(stock * c.Features) * c.Days + day] = 1f;
        return values;
    }

    private static (double Ms, NpyArray Output) TimeBinding(float[] pictures, long[] shape, IReadOnlyList<string> ops, int window, int stride, int repeats, bool keepOutput)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(pictures, shape);
        var layers = ops.Select(BenchPlugins.Operator).ToArray();
        OperatorLayers.Apply(layers, x, window, stride).Dispose(); // warm-up
        var times = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            using var y = OperatorLayers.Apply(layers, x, window, stride);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        if (!keepOutput) return (Median(times), new NpyArray([], []));
        var result = OperatorLayers.Apply(layers, x, window, stride);
        return (Median(times), new NpyArray(result.shape, result.data<float>().ToArray()));
    }

    private static double RunNumpy(string script, string input, int window, int stride, string output, string style, int repeats)
    {
        var psi = new ProcessStartInfo(Python)
        {
            ArgumentList = { script, input, window.ToString(CultureInfo.InvariantCulture), stride.ToString(CultureInfo.InvariantCulture), output, style, repeats.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {Python}");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{script} exited {p.ExitCode}: {stderr.Result.Trim()}");
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("numpy_ms_median ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"{script} printed no numpy_ms_median line: {stdout.Trim()}");
        return double.Parse(line["numpy_ms_median ".Length..], CultureInfo.InvariantCulture);
    }

    private static string? NumpyMissing()
    {
        if (!File.Exists(Python)) return $"{Python} not found; install with `apt-get install python3 python3-numpy`";
        using var p = Process.Start(new ProcessStartInfo(Python, "-c \"import numpy\"") { RedirectStandardError = true })!;
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? null : "numpy is not installed for /usr/bin/python3; install with `apt-get install python3-numpy`";
    }

    /// <summary>bench/reference/alphanet_numpy.py, found upward from the binary or the working directory.</summary>
    private static string FindScript()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "bench", "reference", "alphanet_numpy.py");
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException("bench/reference/alphanet_numpy.py not found above the binary or the working directory");
    }

    private static double MaxAbsDiff(float[] a, float[] b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (float.IsNaN(a[i]) != float.IsNaN(b[i])) return double.PositiveInfinity;
            if (!float.IsNaN(a[i])) max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }
        return max;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
