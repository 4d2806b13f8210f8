using System.Reflection;

namespace AlphaHost.Bench;

/// <summary>A benchmark the harness can run by name; results go to stdout as `key value` lines.</summary>
public interface IBench
{
    string Name { get; }
    string Description { get; }
    void Run(string[] args);
}

public static class Program
{
    public static int Main(string[] args)
    {
        AlphaHost.Sdk.Tensors.OneDnnCpuIsa.Cap(); // before libtorch creates its first oneDNN kernel
        AlphaHost.Host.Bus.BusBuffers.UsePooled(); // NetMQ buffers as alphahost has them, before any socket
        var benches = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IBench).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IBench)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name)
            .ToList();
        if (args.Length == 0)
        {
            Console.WriteLine("usage: make bench BENCH_ARGS=\"<name> [args]\"   (or `all`)");
            foreach (var b in benches) Console.WriteLine($"  {b.Name,-20} {b.Description}");
            return 0;
        }
        var selected = args[0] == "all" ? benches : benches.Where(b => b.Name == args[0]).ToList();
        if (selected.Count == 0)
        {
            Console.Error.WriteLine($"unknown benchmark '{args[0]}'; known: {string.Join(", ", benches.Select(b => b.Name))}");
            return 2;
        }
        foreach (var b in selected)
        {
            Console.WriteLine($"== {b.Name}");
            b.Run(args.Skip(1).ToArray());
        }
        return 0;
    }
}
