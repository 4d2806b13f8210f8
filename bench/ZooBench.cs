using System.Diagnostics;
using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Bench;

/// <summary>
/// `zoo [STOCKS] [MODELS]` (default 500, every model; MODELS comma-separated): one training step (forward + backward + Adam) of every model on
/// one day of STOCKS stocks × 9 features × 30 days with 10% padded, default sizes; the median of 5 steps after 2 warm-ups.
/// </summary>
public sealed class ZooBench : IBench
{
    public string Name => "zoo";
    public string Description => "zoo [stocks] [models]: ms per training step of every model on one day of stocks × 9 × 30";

    public void Run(string[] args)
    {
        int stocks = args.Length > 0 ? int.Parse(args[0]) : 500;
        var names = args.Length > 1 ? args[1].Split(',') : BenchPlugins.Registry.Names(PluginFamily.Model).ToArray();
        torch.manual_seed(1);
        using var pictures = torch.randn(1, stocks, 9, 30);
        using var mask = torch.rand(1, stocks).gt(0.1);
        using var labels = torch.randn(1, stocks);
        Console.WriteLine($"threads {torch.get_num_threads()}, one day of {stocks} stocks × 9 × 30");
        foreach (var name in names)
        {
            using var model = BenchPlugins.Model(name, seed: 1);
            model.Build(new ModelShape(9, 30));
            using var adam = optim.Adam(model.Network.parameters(), lr: 1e-3);
            var times = new List<double>();
            for (int i = 0; i < 7; i++)
            {
                using var scope = torch.NewDisposeScope();
                var clock = Stopwatch.StartNew();
                adam.zero_grad();
                var scores = model.forward(pictures, mask);
                nn.functional.mse_loss(scores.masked_select(mask), labels.masked_select(mask)).backward();
                adam.step();
                if (i >= 2) times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"{name,-20} {times[times.Count / 2],8:F1} ms/step   {model.Network.parameters().Sum(p => p.numel()),9:N0} parameters");
        }
    }
}
