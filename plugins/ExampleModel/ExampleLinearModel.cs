using AlphaHost.Sdk.Plugins;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.ExampleModel;

/// <summary>The keys of example-linear and their defaults; plugin.json and the run config override them.</summary>
public sealed record ExampleLinearConfig : PluginConfig
{
    /// <summary>Width of the hidden layer.</summary>
    public int Hidden { get; init; } = 16;

    /// <summary>Days of the picture the model looks at (the most recent ones).</summary>
    public int RecentDays { get; init; } = 5;

    public override IEnumerable<ConfigError> Validate()
    {
        if (Hidden < 1) yield return new(nameof(Hidden), "an integer >= 1", Hidden);
        if (RecentDays < 1) yield return new(nameof(RecentDays), "an integer >= 1", RecentDays);
    }
}

/// <summary>
/// A complete model plugin written only against the SDK and TorchSharp: each stock's last few days of
/// features, flattened, through one hidden layer to a score. Copy this file, rename the class and
/// Info's name, change forward, and drop it into the plugins folder of a running host (see README.md).
/// </summary>
public sealed class ExampleLinearModel : IModel, IConfigurable<ExampleLinearConfig>
{
    private ExampleLinearConfig config = new();
    private LinearNetwork? network;

    public PluginInfo Info { get; } = new("example-linear", "1.0.0", PluginFamily.Model,
        "example: last days of the picture → hidden layer → score", ConfigSchema.KeysOf<ExampleLinearConfig>());

    public void Configure(ExampleLinearConfig c) => config = c;

    public void Build(ModelShape shape)
    {
        network?.Dispose();
        network = new LinearNetwork(shape.Features * Math.Min(config.RecentDays, shape.Lookback), config.Hidden);
    }

    public nn.Module Network => network ?? throw new InvalidOperationException("example-linear: call Build first");

    /// <summary>pictures [days, stocks, features, lookback], mask [days, stocks] → scores [days, stocks] (0 for padding).</summary>
    public Tensor forward(Tensor pictures, Tensor mask)
    {
        using var scope = torch.NewDisposeScope(); // frees this call's temporaries; the result moves out
        long days = pictures.size(0), stocks = pictures.size(1), lookback = pictures.size(3);
        long recent = Math.Min(config.RecentDays, lookback);
        var x = pictures.narrow(3, lookback - recent, recent).reshape(days * stocks, -1);
        var scores = ((LinearNetwork)Network).forward(x).view(days, stocks);
        // Each stock is scored from its own row only, so padded rows cannot touch real ones; zero them.
        var padded = mask.to(ScalarType.Bool, pictures.device).logical_not();
        return scores.masked_fill(padded, 0.0).MoveToOuterDisposeScope();
    }

    public void Dispose() => network?.Dispose();

    /// <summary>As in PyTorch: layers are fields (their names are the state_dict keys), forward is overridden.</summary>
    private sealed class LinearNetwork : nn.Module<Tensor, Tensor>
    {
        private readonly Linear hidden, output;

        public LinearNetwork(long inputs, int width) : base(nameof(LinearNetwork))
        {
            hidden = nn.Linear(inputs, width);
            output = nn.Linear(width, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => output.forward(nn.functional.relu(hidden.forward(x)));
    }
}
