using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Sdk.Plugins;

/// <summary>
/// What a model is built for: the data picture's shape and the output head. Outputs is the number
/// of values per stock of a regression or binary head (one per horizon of a multi-horizon label).
/// </summary>
public sealed record ModelShape(int Features, int Lookback, ModelHead Head = ModelHead.Regression, int Classes = 1, int Outputs = 1)
{
    /// <summary>Values per stock the network ends in: Classes for a class head, else Outputs.</summary>
    public int Width => Head == ModelHead.Classes ? Classes : Outputs;
}

public enum ModelHead
{
    /// <summary>One score per stock.</summary>
    Regression,
    /// <summary>One logit per stock (sigmoid gives P(up)).</summary>
    Binary,
    /// <summary>One logit per class (softmax over bins); the score is the expected class.</summary>
    Classes,
}

/// <summary>
/// A model: scores every stock of each day from its data picture. This one file is all a model
/// author needs (with TorchSharp's nn and the loss contract for training).
///
/// Input: pictures [days B, stocks N, features F, lookback T] and mask [B, N] (true = a real,
/// tradable stock; padded rows are false and must not influence any other stock's output).
/// Output: [B, N] for regression/binary heads, [B, N, classes] for the class head, [B, N, outputs]
/// for a head of several outputs (<see cref="ModelShape.Outputs"/> &gt; 1, one per label horizon).
/// The host moves <see cref="Network"/> to its device after Build and gives pictures on that
/// device: create every other tensor on <c>pictures.device</c>.
/// </summary>
public interface IModel : IPlugin, IDisposable
{
    /// <summary>Creates the parameters for this shape. Called once before training or loading.</summary>
    void Build(ModelShape shape);

    /// <summary>The network: parameters, train/eval mode, save/load (PyTorch format).</summary>
    nn.Module Network { get; }

    Tensor forward(Tensor pictures, Tensor mask);
}

/// <summary>
/// The training days as plain arrays: one row per (day, stock) with a known label, days in order,
/// stocks in panel order. <see cref="Pictures"/> is row-major [Rows, Features × Lookback], each
/// row the normalised picture [F, T] flattened (column f·T + t is field f, t days into the window).
/// </summary>
public sealed record TabularData(float[] Pictures, float[] Labels, int[] Days, ModelShape Shape, IReadOnlyList<string> Fields)
{
    public int Rows => Labels.Length;
    public int Columns => Shape.Features * Shape.Lookback;
}

/// <summary>
/// Optional for an <see cref="IModel"/> that fits itself in one pass (trees, closed-form fits)
/// rather than by the host's gradient trainer: the host calls <see cref="Fit"/> with the training
/// days instead of training <see cref="IModel.Network"/> (which may hold no parameters), under
/// the same walk-forward, normalisation and label; scoring still goes through forward.
/// </summary>
public interface ISelfFittingModel
{
    void Fit(TabularData train);

    /// <summary>Importance of each picture cell [Features × Lookback] after Fit (e.g. the trees' split gain), or empty.</summary>
    IReadOnlyList<double> FeatureImportance { get; }
}
