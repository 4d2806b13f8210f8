using System.CommandLine;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Data;
using AlphaHost.Sdk.Plugins;
using Microsoft.Extensions.Logging.Abstractions;
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
    private const string AlphaNetOperators = "ts_corr,ts_cov,ts_stddev,ts_zscore,ts_return,ts_decaylinear,ts_mean";

    public static Command Build()
    {
        var input = new Option<string>("--input") { Description = "data pictures, float32 .npy of shape [N, F, T]", Required = true };
        var ops = new Option<string>("--ops") { Description = $"comma-separated operator plugins, e.g. {AlphaNetOperators}", Required = true };
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
    public static int Run(FeaturesRequest request, TextWriter output, TextWriter error, string? pluginsDir = null)
    {
        try
        {
            using var plugins = PluginHost.Open(pluginsDir ?? PluginsCommands.DefaultDirectory, NullLogger.Instance, error);
            var operators = ParseOps(request.Ops, plugins.Registry);
            var names = operators.Select(o => o.OperatorName).ToArray();
            var pictures = Npy.ReadFloat32(request.Input);
            if (pictures.Shape.Length != 3)
                throw new InvalidDataException($"{request.Input}: expected data pictures of shape [N, F, T], got ({string.Join(", ", pictures.Shape)})");
            int days = (int)pictures.Shape[2];
            if (request.Window < 1 || request.Stride < 1)
                throw new ArgumentException($"--window and --stride must be at least 1 (got --window {request.Window}, --stride {request.Stride})");
            if (request.Window > days)
                throw new ArgumentException($"--window {request.Window} is longer than the {days} days (T) of {request.Input}");

            var (shape, values) = Compute(operators, pictures, request.Window, request.Stride);
            Npy.WriteFloat32(request.Out, values, shape);
            output.WriteLine($"wrote {request.Out}: float32 [{string.Join(", ", shape)}] ({string.Join(",", names)}, window {request.Window}, stride {request.Stride})");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or PluginLoadException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>The operator plugins --ops names, each resolved through the plugin registry.</summary>
    public static IReadOnlyList<IOperatorLayer> ParseOps(string ops, PluginRegistry plugins)
    {
        var names = ops.Split(',', StringSplitOptions.TrimEntries);
        var operators = new List<IOperatorLayer>();
        foreach (var name in names)
        {
            if (name.Length == 0) throw new ArgumentException($"--ops '{ops}' has an empty name; expected comma-separated operators such as {AlphaNetOperators}");
            operators.Add(plugins.Create<IOperatorLayer>(new PluginChoice(name) { Source = "--ops" }));
        }
        return operators;
    }

    /// <summary>Y = the operators over X, side by side along rows, as a C-order shape and values.</summary>
    public static (long[] Shape, float[] Values) Compute(IReadOnlyList<IOperatorLayer> operators, NpyArray pictures, int window, int stride)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(pictures.Data, pictures.Shape);
        var y = OperatorLayers.Apply(operators, x, window, stride);
        return (y.shape, y.data<float>().ToArray());
    }
}
