using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.Temporal;

/// <summary>GRU over the lookback; the last step's output → linear head.</summary>
public sealed class GruModel(ModelOptions? options, TemporalSize? size) : TemporalModel(options, size)
{
    public GruModel() : this(null, null) { }

    protected override string Name => "gru";
    protected override string Summary => "GRU over the lookback, last state → linear";

    protected override nn.Module CreateNetwork(int features, int lookback, int outputs) =>
        new RecurrentNetwork(new nn.GRU(features, Size.Hidden, Size.Layers, dropout: Size.Layers > 1 ? Size.Dropout : 0), Size.Hidden, outputs, null);
}

/// <summary>LSTM over the lookback; the last step's output → linear head.</summary>
public sealed class LstmModel(ModelOptions? options, TemporalSize? size) : TemporalModel(options, size)
{
    public LstmModel() : this(null, null) { }

    protected override string Name => "lstm";
    protected override string Summary => "LSTM over the lookback, last state → linear";

    protected override nn.Module CreateNetwork(int features, int lookback, int outputs) =>
        new RecurrentNetwork(new nn.LSTM(features, Size.Hidden, Size.Layers, dropout: Size.Layers > 1 ? Size.Dropout : 0), Size.Hidden, outputs, null);
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

    protected override nn.Module CreateNetwork(int features, int lookback, int outputs)
    {
        int h = Size.Hidden;
        var input = new nn.Sequential(new nn.Linear(features, h), nn.Tanh());
        var lstm = new nn.LSTM(h, h, Size.Layers, dropout: Size.Layers > 1 ? Size.Dropout : 0);
        var scorer = new nn.Sequential(new nn.Linear(h, Math.Max(1, h / 2)), new nn.Dropout(Size.Dropout), nn.Tanh(), new nn.Linear(Math.Max(1, h / 2), 1, bias: false));
        return new RecurrentNetwork(lstm, h, outputs, new MlpStepScorer(scorer), input);
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

    protected override nn.Module CreateNetwork(int features, int lookback, int outputs) =>
        new RecurrentNetwork(new nn.GRU(features, Size.Hidden, Size.Layers, dropout: Size.Layers > 1 ? Size.Dropout : 0), Size.Hidden, outputs, new QueryStepScorer(Size.Hidden));
}

/// <summary>Scores each step's state [M, T, H] → [M, T] (before the softmax over time).</summary>
public interface IStepScorer
{
    Tensor Score(Tensor states);
}

internal sealed class MlpStepScorer : nn.Module, IStepScorer
{
    private readonly nn.Sequential mlp;
    public MlpStepScorer(nn.Sequential mlp) => this.mlp = RegisterModule("mlp", mlp);
    public Tensor Score(Tensor states) => mlp.Forward(states).Squeeze(-1);
}

internal sealed class QueryStepScorer : nn.Module, IStepScorer
{
    private readonly double scale;

    public QueryStepScorer(int hidden)
    {
        scale = 1 / Math.Sqrt(hidden);
        RegisterParameter("query", torch.Randn([hidden]).Mul(scale));
    }

    public Tensor Score(Tensor states) => states.Matmul(Param("query")) * scale;
}

/// <summary>
/// [optional input layer] → GRU/LSTM → last state, or [last state, attention-weighted states]
/// when a step scorer is given → linear head. Input [M, T, F], output [M, outputs].
/// </summary>
public sealed class RecurrentNetwork : nn.Module, nn.IForward
{
    private readonly nn.Sequential? input;
    private readonly nn.RecurrentBase recurrent;
    private readonly IStepScorer? scorer;
    private readonly nn.Linear head;

    public RecurrentNetwork(nn.RecurrentBase recurrent, int hidden, int outputs, IStepScorer? scorer, nn.Sequential? input = null)
    {
        if (input is not null) this.input = RegisterModule("input", input);
        this.recurrent = RegisterModule("rnn", recurrent);
        if (scorer is not null) this.scorer = (IStepScorer)RegisterModule("attention", (nn.Module)scorer);
        head = RegisterModule("out", new nn.Linear(scorer is null ? hidden : 2 * hidden, outputs));
    }

    public Tensor Forward(Tensor sequence)
    {
        var x = input?.Forward(sequence) ?? sequence;
        var states = recurrent switch
        {
            nn.GRU gru => gru.Forward(x).Output,
            nn.LSTM lstm => lstm.Forward(x).Output,
            _ => throw new InvalidOperationException($"unsupported recurrent layer {recurrent.GetType().Name}"),
        };                                                                  // [M, T, H]
        var last = states.Select(1, -1);
        if (scorer is null) return head.Forward(last);
        var weights = scorer.Score(states).Softmax(1).Unsqueeze(-1);        // [M, T, 1]
        var attended = (states * weights).Sum(1);
        return head.Forward(torch.Cat([last, attended], 1));
    }
}
