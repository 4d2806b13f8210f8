using System.CommandLine;
using AlphaHost.Plugins.Operators;
using AlphaHost.Sdk.Data;
using TorchSharp;

namespace AlphaHost.Host.Cli;

/// <summary>What `alphahost features` was asked to do.</summary>
public sealed record FeaturesRequest(string Input, string Ops, int Window, int Stride, string Out);

/// <summary>
/// `alphahost features`: operator layers over data pictures from a .npy file, as a batch job.
/// X float32 [N, F, T] → Y float32 [N, K, W]: the operators' rows side by side in the order of --ops
/// (pair operators over i &lt; j row-major), W windows as the operator layers cut them.
/// </summary>
public static class FeaturesCommands
{
    public static Command Build()
    {
        var input = new Option<string>("--input") { Description = "data pictures, float32 .npy of shape [N, F, T]", Required = true };
        var ops = new Option<string>("--ops") { Description = $"comma-separated operators, e.g. {string.Join(",", OperatorSet.AlphaNet)}", Required = true };
        var window = new Option<int>("--window") { Description = "window length d in days", Required = true };
        var stride = new Option<int>("--stride") { Description = "days between window starts", Required = true };
        var output = new Option<string>("--out") { Description = "result, float32 .npy of shape [N, K, W]", Required = true };
        var cmd = new Command("features", "apply operator layers (ts_corr, ts_cov, ...) to data pictures in a .npy file");
        foreach (var o in new Option[] { input, ops, window, stride, output }) cmd.Options.Add(o);
        cmd.SetAction(parse => Run(new FeaturesRequest(parse.GetValue(input)!, parse.GetValue(ops)!, parse.GetValue(window), parse.GetValue(stride), parse.GetValue(output)!),
            Console.Out, Console.Error));
        return cmd;
    }

    /// <summary>Computes and writes Y; on bad input one line on <paramref name="error"/> and exit code 1.</summary>
    public static int Run(FeaturesRequest request, TextWriter output, TextWriter error)
    {
        try
        {
            var names = ParseOps(request.Ops);
            var pictures = Npy.ReadFloat32(request.Input);
            if (pictures.Shape.Length != 3)
                throw new InvalidDataException($"{request.Input}: expected data pictures of shape [N, F, T], got ({string.Join(", ", pictures.Shape)})");
            int days = (int)pictures.Shape[2];
            if (request.Window < 1 || request.Stride < 1)
                throw new ArgumentException($"--window and --stride must be at least 1 (got --window {request.Window}, --stride {request.Stride})");
            if (request.Window > days)
                throw new ArgumentException($"--window {request.Window} is longer than the {days} days (T) of {request.Input}");

            var (shape, values) = Compute(names, pictures, request.Window, request.Stride);
            Npy.WriteFloat32(request.Out, values, shape);
            output.WriteLine($"wrote {request.Out}: float32 [{string.Join(", ", shape)}] ({string.Join(",", names)}, window {request.Window}, stride {request.Stride})");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>The operator names of --ops, each checked against the known operators.</summary>
    public static IReadOnlyList<string> ParseOps(string ops)
    {
        var names = ops.Split(',', StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            if (name.Length == 0) throw new ArgumentException($"--ops '{ops}' has an empty name; expected comma-separated operators such as {string.Join(",", OperatorSet.AlphaNet)}");
            try { OperatorSet.ByName(name); }
            catch (ArgumentException e) { throw new ArgumentException($"--ops: {e.Message}"); }
        }
        return names;
    }

    /// <summary>Y = the operators over X, as a C-order shape and values.</summary>
    public static (long[] Shape, float[] Values) Compute(IReadOnlyList<string> names, NpyArray pictures, int window, int stride)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(pictures.Data, pictures.Shape);
        var y = OperatorSet.Apply(names, x, window, stride);
        return (y.shape, y.data<float>().ToArray());
    }
}
