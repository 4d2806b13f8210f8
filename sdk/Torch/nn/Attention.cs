namespace AlphaHost.Torch;

public static partial class nn
{
    /// <summary>
    /// Multi-head scaled dot-product attention as torch.nn.MultiheadAttention (batch_first, packed
    /// in_proj_weight [3E, E], out_proj). Forward takes [batch, seq, E] query/key/value and an optional
    /// key padding mask [batch, keySeq] (true = ignore that key); returns the output and the attention
    /// weights averaged over heads [batch, querySeq, keySeq].
    /// </summary>
    public sealed class MultiheadAttention : Module
    {
        public long EmbedDim { get; }
        public long NumHeads { get; }
        private readonly double dropout;
        private readonly Linear outProj;

        public MultiheadAttention(long embedDim, long numHeads, double dropout = 0, bool bias = true)
        {
            if (embedDim % numHeads != 0) throw new ArgumentException($"embedDim {embedDim} is not divisible by numHeads {numHeads}");
            EmbedDim = embedDim;
            NumHeads = numHeads;
            this.dropout = dropout;
            RegisterParameter("in_proj_weight", init.XavierUniform_(torch.Empty([3 * embedDim, embedDim])));
            if (bias) RegisterParameter("in_proj_bias", torch.Zeros([3 * embedDim]));
            outProj = RegisterModule("out_proj", new Linear(embedDim, embedDim, bias));
            if (bias)
            {
                using var noGrad = torch.NoGrad();
                outProj.Bias!.Zero_();
            }
        }

        /// <param name="needWeights">as PyTorch's need_weights: false skips averaging the weights over heads (Weights is then null).</param>
        public (Tensor Output, Tensor? Weights) Forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null, Tensor? attnMask = null, bool needWeights = true)
        {
            using var scope = torch.NewDisposeScope();
            long batch = query.Size(0), lq = query.Size(1), lk = key.Size(1), e = EmbedDim, h = NumHeads, hd = e / h;
            var w = Param("in_proj_weight").Chunk(3);
            var b = OptionalParam("in_proj_bias")?.Chunk(3);
            Tensor Heads(Tensor x, int i, long len) =>
                functional.Linear(x, w[i], b?[i]).View(batch, len, h, hd).Transpose(1, 2); // [B, H, L, hd]
            var q = Heads(query, 0, lq);
            var k = Heads(key, 1, lk);
            var v = Heads(value, 2, lk);
            var scores = q.Matmul(k.Transpose(-2, -1)) / Math.Sqrt(hd); // [B, H, Lq, Lk]
            // Masks are added as 0 / −inf rather than filled into the scores: a broadcast add is one
            // vectorised pass, masked_fill over [B, H, Lq, Lk] is many times slower on CPU.
            if (attnMask is not null) scores = scores + (attnMask.Dtype == ScalarType.Bool ? Additive(attnMask, scores.Dtype) : attnMask);
            if (keyPaddingMask is not null) scores = scores + Additive(keyPaddingMask, scores.Dtype).View(batch, 1, 1, lk);
            var weights = scores.Softmax(-1);
            var attended = functional.Dropout(weights, dropout, Training).Matmul(v); // [B, H, Lq, hd]
            var merged = attended.Transpose(1, 2).Reshape(batch, lq, e);
            var output = outProj.Forward(merged).MoveToOuterDisposeScope();
            return (output, needWeights ? weights.Mean(1).MoveToOuterDisposeScope() : null);
        }

        /// <summary>A boolean mask (true = ignore) as an additive one: −inf where true, 0 elsewhere.</summary>
        private static Tensor Additive(Tensor ignore, ScalarType dtype) =>
            torch.ZerosLike(ignore, dtype).MaskedFill(ignore, double.NegativeInfinity);
    }
}
