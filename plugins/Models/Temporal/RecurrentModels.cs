using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.Temporal;

/// <summary>GRU over the lookback; the last step's output → linear head.</summary>
public sealed class GruModel(ModelOptions? options, TemporalSize? size) : TemporalModel(options, size)
{
    public GruModel() : this(null, null) { }

    protected override string Name => "gru";
    protected override string Summary => "GRU over the lookback, last state → linear";

    protected override nn.Module<Tensor, Tensor> CreateNetwork(int features, int lookback, int outputs) =>
        new RecurrentNetwork(RecurrentNetwork.Gru(features, Size), Size.Hidden, outputs, null);
}

/// <summary>LSTM over the lookback; the last step's output → linear head.</summary>
public sealed class LstmModel(ModelOptions? options, TemporalSize? size) : TemporalModel(options, size)
{
    public LstmModel() : this(null, null) { }

    protected override string Name => "lstm";
    protected override string Summary => "LSTM over the lookback, last state → linear";

    protected override nn.Module<Tensor, Tensor> CreateNetwork(int features, int lookback, int outputs) =>
        new RecurrentNetwork(RecurrentNetwork.Lstm(features, Size), Size.Hidden, outputs, null);
}

/// <summary>
/// ALSTM (Feng et al. 2019, as in Qlib): linear + tanh input layer → LSTM → an MLP scores every
/// step, softmax over time weighs the states; [last state, weighted states] → linear head.
/// </summary>
public sealed class AlstmModel(ModelOptions? options, TemporalSize? size) : TemporalModel(options, size)
{
    public AlstmModel() : this(null, null) { }

    protected override string Name => "alstm";
    protected override string Summary => "ALSTM: input layer → LSTM → MLP attention over the states → [last, attended] → linear";

    protected override nn.Module<Tensor, Tensor> CreateNetwork(int features, int lookback, int outputs)
    {
        int h = Size.Hidden, half = Math.Max(1, h / 2);
        var input = nn.Sequential(nn.Linear(features, h), nn.Tanh());
        var scorer = nn.Sequential(nn.Linear(h, half), nn.Dropout(Size.Dropout), nn.Tanh(), nn.Linear(half, 1, hasBias: false));
        return new RecurrentNetwork(RecurrentNetwork.Lstm(h, Size), h, outputs, new MlpStepScorer(scorer), input);
    }
}

/// <summary>
/// GRU + learnable attention (the minute-level research's main model): a learned query vector q
/// scores every GRU state, weight_t = softmax_t(h_t·q / √H); [last state, Σ weight_t h_t] → linear.
/// Attending over all steps lowers the weight of the last bars that a plain GRU leans on.
/// </summary>
public sealed class GruAttentionModel(ModelOptions? options, TemporalSize? size) : TemporalModel(options, size)
{
    public GruAttentionModel() : this(null, null) { }

    protected override string Name => "gru_attention";
    protected override string Summary => "GRU + learnable query attention over the states → [last, attended] → linear";

    protected override nn.Module<Tensor, Tensor> CreateNetwork(int features, int lookback, int outputs) =>
        new RecurrentNetwork(RecurrentNetwork.Gru(features, Size), Size.Hidden, outputs, new QueryStepScorer(Size.Hidden));
}

/// <summary>Scores each step's state [M, T, H] → [M, T] (before the softmax over time).</summary>
public abstract class StepScorer(string name) : nn.Module<Tensor, Tensor>(name);

internal sealed class MlpStepScorer : StepScorer
{
    private readonly Sequential mlp;

    public MlpStepScorer(Sequential mlp) : base(nameof(MlpStepScorer))
    {
        this.mlp = mlp;
        RegisterComponents();
    }

    public override Tensor forward(Tensor states) => mlp.forward(states).squeeze(-1);
}

internal sealed class QueryStepScorer : StepScorer
{
    private readonly double scale;
    private readonly Parameter query;

    public QueryStepScorer(int hidden) : base(nameof(QueryStepScorer))
    {
        scale = 1 / Math.Sqrt(hidden);
        query = new Parameter(randn(hidden).mul_(scale).DetachFromDisposeScope()); // outlives the builder's scope
        RegisterComponents();
    }

    public override Tensor forward(Tensor states) => states.matmul(query) * scale;
}

/// <summary>
/// [optional input layer] → GRU/LSTM → last state, or [last state, attention-weighted states]
/// when a step scorer is given → linear head. Input [M, T, F], output [M, outputs].
/// </summary>
public sealed class RecurrentNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential? input;
    [ComponentName(Name = "rnn")] private readonly nn.Module recurrent;
    [ComponentName(Name = "attention")] private readonly StepScorer? scorer;
    [ComponentName(Name = "out")] private readonly Linear head;

    public RecurrentNetwork(nn.Module recurrent, int hidden, int outputs, StepScorer? scorer, Sequential? input = null) : base(nameof(RecurrentNetwork))
    {
        if (recurrent is not GRU and not LSTM) throw new ArgumentException($"unsupported recurrent layer {recurrent.GetType().Name}");
        this.input = input;
        this.recurrent = recurrent;
        this.scorer = scorer;
        head = nn.Linear(scorer is null ? hidden : 2 * hidden, outputs);
        RegisterComponents();
    }

    /// <summary>A batch-first GRU (TorchSharp's default is sequence-first); dropout between layers only.</summary>
    public static GRU Gru(int features, TemporalSize size) =>
        nn.GRU(features, size.Hidden, size.Layers, batchFirst: true, dropout: size.Layers > 1 ? size.Dropout : 0);

    /// <summary>A batch-first LSTM.</summary>
    public static LSTM Lstm(int features, TemporalSize size) =>
        nn.LSTM(features, size.Hidden, size.Layers, batchFirst: true, dropout: size.Layers > 1 ? size.Dropout : 0);

    public override Tensor forward(Tensor sequence)
    {
        using var scope = NewDisposeScope();
        var x = input?.forward(sequence) ?? sequence;
        var states = recurrent switch                                       // [M, T, H]
        {
            GRU gru => gru.forward(x).Item1,
            LSTM lstm => lstm.forward(x).Item1,                               // flat (output, h, c)
            _ => throw new InvalidOperationException($"unsupported recurrent layer {recurrent.GetType().Name}"),
        };
        var last = states.select(1, -1);
        if (scorer is null) return head.forward(last).MoveToOuterDisposeScope();
        var weights = scorer.forward(states).softmax(1).unsqueeze(-1);     // [M, T, 1]
        var attended = (states * weights).sum(1);
        return head.forward(cat([last, attended], 1)).MoveToOuterDisposeScope();
    }
}
