using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AlphaHost.Bench;

/// <summary>
/// Scale-out (issue 18): one sweep (mlp, 2 learning rates × N seeds on a synthetic market) run by
/// `bin/alphahost sweep` locally, then with `--cluster` on one worker and on two (1 thread each),
/// against a private redis-server. Reports wall time per mode and, per fit, the fit itself (timed on
/// the worker) against its overhead: the client's round trip minus the fit (dispatch, data, result).
/// Worker start-up is not counted. Needs `make build` (bin/alphahost) and redis-server.
/// Args: [stocks=60] [days=300] [epochs=2] [seeds=3]
/// </summary>
public sealed partial class ClusterBench : IBench
{
    public string Name => "cluster";
    public string Description => "sweep locally vs on 1 and 2 Orleans workers: wall time, fit time vs per-fit overhead";

    public void Run(string[] args)
    {
        int Arg(int i, int d) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : d;
        int stocks = Arg(0, 60), days = Arg(1, 300), epochs = Arg(2, 2), seeds = Arg(3, 3);
        var root = FindRoot();
        var exe = Path.Combine(root, "bin", "alphahost");
        var dir = Directory.CreateTempSubdirectory("alphahost-cluster-bench-").FullName;
        var processes = new List<Process>();
        try
        {
            var db = Path.Combine(dir, "market.db");
            Wait(Start(exe, ["market", "generate", "--kind", "equities", "--stocks", $"{stocks}", "--days", $"{days}", "--seed", "5", "--db", db]));
            File.WriteAllText(Path.Combine(dir, "study.json"), new JsonObject
            {
                ["marketDb"] = db, ["model"] = "mlp", ["epochs"] = epochs, ["ensembleSeeds"] = 1,
                ["sampler"] = new JsonObject { ["name"] = "rolling", ["config"] = new JsonObject { ["trainDays"] = 120, ["testDays"] = 40 } },
            }.ToJsonString());
            var sweep = Path.Combine(dir, "sweep.json");
            File.WriteAllText(sweep, new JsonObject
            {
                ["config"] = "study.json",
                ["grid"] = new JsonObject { ["learningRate"] = new JsonArray(0.001, 0.003) },
                ["seeds"] = new JsonArray(Enumerable.Range(1, seeds).Select(s => (JsonNode)s).ToArray()),
            }.ToJsonString());

            var rows = new List<string>();
            var local = Timed(exe, ["sweep", "--config", sweep, "--out", Path.Combine(dir, "local"), "--threads", "1"]);
            var localFits = Directory.GetFiles(Path.Combine(dir, "local", "fits"), "*.json")
                .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("Seconds").GetDouble()).ToList();
            rows.Add($"| local (no cluster) | {local.Seconds:F1} | {localFits.Count} | {localFits.Average():F2} | – | 1.00 |");

            int port = FreePort();
            var redis = Start("redis-server", ["--port", $"{port}", "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"]);
            processes.Add(redis);
            Thread.Sleep(500);
            string cluster = $"redis://127.0.0.1:{port}";
            for (int workers = 1; workers <= 2; workers++)
            {
                var worker = Start(exe, ["worker", "--cluster", cluster, "--threads", "1", "--cache", Path.Combine(dir, $"cache{workers}")]);
                processes.Add(worker);
                WaitForLine(worker, "worker ready");
                Thread.Sleep(3000); // membership settles: the client sees every worker from its first fit
                var run = Timed(exe, ["sweep", "--config", sweep, "--out", Path.Combine(dir, $"cluster{workers}"), "--threads", "1", "--cluster", cluster]);
                var fits = FitLine().Matches(run.Output).Select(m => (Fit: D(m.Groups[1].Value), Trip: D(m.Groups[2].Value))).ToList();
                rows.Add($"| {workers} worker(s) | {run.Seconds:F1} | {fits.Count} | {fits.Average(f => f.Fit):F2} | {fits.Average(f => f.Trip - f.Fit):F3} (median {Median(fits.Select(f => f.Trip - f.Fit)):F3}) | {local.Seconds / run.Seconds:F2} |");
            }
            Console.WriteLine($"sweep: mlp, {epochs} epoch(s), 2 learning rates x {seeds} seed(s) on {stocks} stocks x {days} days; 1 libtorch thread everywhere");
            Console.WriteLine("| mode | wall s (client command) | fits | mean fit s | overhead per fit s (round trip - fit) | speed-up vs local |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var r in rows) Console.WriteLine(r);
        }
        finally
        {
            foreach (var p in processes.AsEnumerable().Reverse())
            {
                if (!p.HasExited) p.Kill();
                p.WaitForExit();
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"done on \S+ in ([0-9.]+) s \(round trip ([0-9.]+) s\)")]
    private static partial Regex FitLine();

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    private static double Median(IEnumerable<double> xs) { var a = xs.Order().ToArray(); return a[a.Length / 2]; }

    private static (double Seconds, string Output) Timed(string exe, string[] args)
    {
        var clock = Stopwatch.StartNew();
        var p = Start(exe, args);
        var errorTask = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        var error = errorTask.Result;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"alphahost {string.Join(" ", args)} failed ({p.ExitCode}): {error}");
        return (clock.Elapsed.TotalSeconds, output);
    }

    private static Process Start(string exe, string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static void Wait(Process p)
    {
        _ = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
    }

    private static void WaitForLine(Process p, string fragment)
    {
        for (string? line; (line = p.StandardOutput.ReadLine()) is not null;)
            if (line.Contains(fragment, StringComparison.Ordinal))
            {
                _ = p.StandardOutput.BaseStream.CopyToAsync(Stream.Null); // keep draining both pipes
                _ = p.StandardError.BaseStream.CopyToAsync(Stream.Null);
                return;
            }
        throw new InvalidOperationException($"worker ended before \"{fragment}\"");
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "AlphaHost.sln"))) return d.FullName;
        throw new InvalidOperationException("no AlphaHost.sln above the bench");
    }
}
