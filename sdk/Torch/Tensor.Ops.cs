namespace AlphaHost.Torch;

// Each op is one line over the boxed dispatcher. Arguments follow the ATen schema in full
// (boxed calls get no defaults): see `Aten.Schema("aten::name.overload")`.
public sealed partial class Tensor
{
    private static readonly Arg None = Arg.None;

    // ---------------------------------------------------------------- arithmetic
    public Tensor Add(Tensor other, double alpha = 1) => Aten.Call("aten::add.Tensor", this, other, Scalar(alpha));
    public Tensor Add(double other) => Aten.Call("aten::add.Scalar", this, Scalar(other), 1L);
    public Tensor Sub(Tensor other, double alpha = 1) => Aten.Call("aten::sub.Tensor", this, other, Scalar(alpha));
    public Tensor Sub(double other) => Aten.Call("aten::sub.Scalar", this, Scalar(other), 1L);
    public Tensor Mul(Tensor other) => Aten.Call("aten::mul.Tensor", this, other);
    public Tensor Mul(double other) => Aten.Call("aten::mul.Scalar", this, Scalar(other));
    public Tensor Div(Tensor other) => Aten.Call("aten::div.Tensor", this, other);
    public Tensor Div(double other) => Aten.Call("aten::div.Scalar", this, Scalar(other));
    public Tensor RSub(double other) => Aten.Call("aten::rsub.Scalar", this, Scalar(other), 1L);
    public Tensor Neg() => Aten.Call("aten::neg", this);
    public Tensor Abs() => Aten.Call("aten::abs", this);
    public Tensor Exp() => Aten.Call("aten::exp", this);
    public Tensor Log() => Aten.Call("aten::log", this);
    public Tensor Log1p() => Aten.Call("aten::log1p", this);
    public Tensor Sqrt() => Aten.Call("aten::sqrt", this);
    public Tensor Rsqrt() => Aten.Call("aten::rsqrt", this);
    public Tensor Square() => Aten.Call("aten::square", this);
    public Tensor Reciprocal() => Aten.Call("aten::reciprocal", this);
    public Tensor Sign() => Aten.Call("aten::sign", this);
    public Tensor Floor() => Aten.Call("aten::floor", this);
    public Tensor Round() => Aten.Call("aten::round", this);
    public Tensor Pow(double exponent) => Aten.Call("aten::pow.Tensor_Scalar", this, exponent);
    public Tensor Pow(Tensor exponent) => Aten.Call("aten::pow.Tensor_Tensor", this, exponent);
    public Tensor Clamp(double? min = null, double? max = null) => Aten.Call("aten::clamp", this, min, max);
    public Tensor ClampMin(double min) => Aten.Call("aten::clamp_min", this, min);
    public Tensor Maximum(Tensor other) => Aten.Call("aten::maximum", this, other);
    public Tensor Minimum(Tensor other) => Aten.Call("aten::minimum", this, other);
    public Tensor NanToNum(double nan = 0, double? posinf = null, double? neginf = null) => Aten.Call("aten::nan_to_num", this, nan, posinf, neginf);

    // ---------------------------------------------------------------- activations
    public Tensor Sigmoid() => Aten.Call("aten::sigmoid", this);
    public Tensor Tanh() => Aten.Call("aten::tanh", this);
    public Tensor Relu() => Aten.Call("aten::relu", this);
    public Tensor Gelu() => Aten.Call("aten::gelu", this, "none");
    public Tensor LeakyRelu(double slope = 0.01) => Aten.Call("aten::leaky_relu", this, slope);
    public Tensor Softmax(long dim) => Aten.Call("aten::softmax.int", this, dim, None);
    public Tensor LogSoftmax(long dim) => Aten.Call("aten::log_softmax.int", this, dim, None);

    // ---------------------------------------------------------------- reductions
    public Tensor Sum() => Aten.Call("aten::sum", this, None);
    public Tensor Sum(long dim, bool keepdim = false) => Aten.Call("aten::sum.dim_IntList", this, new[] { dim }, keepdim, None);
    public Tensor Sum(long[] dims, bool keepdim = false) => Aten.Call("aten::sum.dim_IntList", this, dims, keepdim, None);
    public Tensor Mean() => Aten.Call("aten::mean", this, None);
    public Tensor Mean(long dim, bool keepdim = false) => Aten.Call("aten::mean.dim", this, new[] { dim }, keepdim, None);
    public Tensor Mean(long[] dims, bool keepdim = false) => Aten.Call("aten::mean.dim", this, dims, keepdim, None);
    public Tensor Std(bool unbiased = true) => Aten.Call("aten::std", this, unbiased);
    public Tensor Std(long dim, bool unbiased = true, bool keepdim = false) => Aten.Call("aten::std.dim", this, new[] { dim }, unbiased, keepdim);
    public Tensor Var(bool unbiased = true) => Aten.Call("aten::var", this, unbiased);
    public Tensor Var(long dim, bool unbiased = true, bool keepdim = false) => Aten.Call("aten::var.dim", this, new[] { dim }, unbiased, keepdim);
    public Tensor Max() => Aten.Call("aten::max", this);
    public Tensor Min() => Aten.Call("aten::min", this);
    public (Tensor Values, Tensor Indices) Max(long dim, bool keepdim = false) => Pair(Aten.CallMany("aten::max.dim", this, dim, keepdim));
    public (Tensor Values, Tensor Indices) Min(long dim, bool keepdim = false) => Pair(Aten.CallMany("aten::min.dim", this, dim, keepdim));
    public Tensor Amax(long dim, bool keepdim = false) => Aten.Call("aten::amax", this, new[] { dim }, keepdim);
    public Tensor Amin(long dim, bool keepdim = false) => Aten.Call("aten::amin", this, new[] { dim }, keepdim);
    public Tensor Argmax(long dim, bool keepdim = false) => Aten.Call("aten::argmax", this, dim, keepdim);
    public Tensor Argmin(long dim, bool keepdim = false) => Aten.Call("aten::argmin", this, dim, keepdim);
    public Tensor Prod() => Aten.Call("aten::prod", this, None);
    public Tensor LogSumExp(long dim, bool keepdim = false) => Aten.Call("aten::logsumexp", this, new[] { dim }, keepdim);
    public Tensor Cumsum(long dim) => Aten.Call("aten::cumsum", this, dim, None);
    public Tensor Norm(double p = 2) => Aten.Call("aten::linalg_vector_norm", this, p, None, false, None);
    public Tensor Norm(double p, long dim, bool keepdim = false) => Aten.Call("aten::linalg_vector_norm", this, p, new[] { dim }, keepdim, None);
    public Tensor All() => Aten.Call("aten::all", this);
    public Tensor All(long dim, bool keepdim = false) => Aten.Call("aten::all.dim", this, dim, keepdim);
    public Tensor Any(long dim, bool keepdim = false) => Aten.Call("aten::any.dim", this, dim, keepdim);
    public Tensor Any() => Aten.Call("aten::any", this);

    // ---------------------------------------------------------------- shape and indexing
    public Tensor Reshape(params long[] shape) => Aten.Call("aten::reshape", this, shape);
    public Tensor View(params long[] shape) => Aten.Call("aten::view", this, shape);
    public Tensor Permute(params long[] dims) => Aten.Call("aten::permute", this, dims);
    public Tensor Transpose(long dim0, long dim1) => Aten.Call("aten::transpose.int", this, dim0, dim1);
    public Tensor T() => Aten.Call("aten::t", this);
    public Tensor Flatten(long startDim = 0, long endDim = -1) => Aten.Call("aten::flatten.using_ints", this, startDim, endDim);
    public Tensor Squeeze() => Aten.Call("aten::squeeze", this);
    public Tensor Squeeze(long dim) => Aten.Call("aten::squeeze.dim", this, dim);
    public Tensor Unsqueeze(long dim) => Aten.Call("aten::unsqueeze", this, dim);
    public Tensor Expand(params long[] shape) => Aten.Call("aten::expand", this, shape, false);
    public Tensor ExpandAs(Tensor other) => Aten.Call("aten::expand_as", this, other);
    public Tensor Contiguous() => Aten.Call("aten::contiguous", this, 0L);
    public Tensor Repeat(params long[] repeats) => Aten.Call("aten::repeat", this, repeats);
    public Tensor Narrow(long dim, long start, long length) => Aten.Call("aten::narrow", this, dim, start, length);
    public Tensor Select(long dim, long index) => Aten.Call("aten::select.int", this, dim, index);
    public Tensor Slice(long dim, long? start, long? end, long step = 1) => Aten.Call("aten::slice.Tensor", this, dim, start, end, step);
    /// <summary>Sliding windows of `size` along `dim`, every `step`; the window becomes a new last dimension.</summary>
    public Tensor Unfold(long dim, long size, long step) => Aten.Call("aten::unfold", this, dim, size, step);
    public Tensor[] Chunk(long chunks, long dim = 0) => Aten.CallMany("aten::chunk", this, chunks, dim);
    public Tensor[] Split(long splitSize, long dim = 0) => Aten.CallMany("aten::split.Tensor", this, splitSize, dim);
    /// <summary>Advanced indexing, as x[i0, i1, ...] in PyTorch; null entries take the whole dimension.</summary>
    public Tensor Index(params Tensor?[] indices) => Aten.Call("aten::index.Tensor", this, Arg.OptionalTensors(indices));
    /// <summary>A copy with values written at the indexed positions (x[indices] = values, out of place).</summary>
    public Tensor IndexPut(Tensor?[] indices, Tensor values, bool accumulate = false) => Aten.Call("aten::index_put", this, Arg.OptionalTensors(indices), values, accumulate);
    /// <summary>Indices of the non-zero elements, [count, dims].</summary>
    public Tensor Nonzero() => Aten.Call("aten::nonzero", this);
    public Tensor IndexSelect(long dim, Tensor index) => Aten.Call("aten::index_select", this, dim, index);
    public Tensor Gather(long dim, Tensor index) => Aten.Call("aten::gather", this, dim, index, false);
    public Tensor Scatter(long dim, Tensor index, Tensor src) => Aten.Call("aten::scatter.src", this, dim, index, src);
    public Tensor MaskedFill(Tensor mask, double value) => Aten.Call("aten::masked_fill.Scalar", this, mask, value);
    /// <summary>The elements where mask is true, as a 1-D tensor.</summary>
    public Tensor Masked(Tensor mask) => Aten.Call("aten::masked_select", this, mask);
    public (Tensor Values, Tensor Indices) Sort(long dim = -1, bool descending = false, bool stable = true) =>
        Pair(Aten.CallMany("aten::sort.stable", this, stable, dim, descending));
    public Tensor Argsort(long dim = -1, bool descending = false, bool stable = true) => Aten.Call("aten::argsort.stable", this, stable, dim, descending);
    public (Tensor Values, Tensor Indices) Topk(long k, long dim = -1, bool largest = true, bool sorted = true) =>
        Pair(Aten.CallMany("aten::topk", this, k, dim, largest, sorted));
    /// <summary>For each value, its insertion index in this sorted (last-dim) sequence: first position (left) or after equals (right).</summary>
    public Tensor SearchSorted(Tensor values, bool right = false) => Aten.Call("aten::searchsorted.Tensor", this, values, false, right, None, None);
    public Tensor Diag(long diagonal = 0) => Aten.Call("aten::diag", this, diagonal);
    public Tensor Tril(long diagonal = 0) => Aten.Call("aten::tril", this, diagonal);
    public Tensor Triu(long diagonal = 0) => Aten.Call("aten::triu", this, diagonal);
    public Tensor Clone() => Aten.Call("aten::clone", this, None);

    // ---------------------------------------------------------------- type and device
    public Tensor To(ScalarType dtype) => Aten.Call("aten::to.dtype", this, dtype, false, false, None);
    public Tensor To(Device device) => Aten.Call("aten::to.device", this, device, Dtype, false, false, None);
    public Tensor Float() => To(ScalarType.Float32);
    public Tensor Double() => To(ScalarType.Float64);
    public Tensor Long() => To(ScalarType.Int64);
    public Tensor Bool() => To(ScalarType.Bool);

    // ---------------------------------------------------------------- linear algebra
    public Tensor Matmul(Tensor other) => Aten.Call("aten::matmul", this, other);
    public Tensor Mm(Tensor other) => Aten.Call("aten::mm", this, other);
    public Tensor Bmm(Tensor other) => Aten.Call("aten::bmm", this, other);
    public Tensor Outer(Tensor other) => Aten.Call("aten::outer", this, other);
    /// <summary>Least-squares solution X of this·X = b (minimum norm for rank-deficient systems with the gelsd driver).</summary>
    public Tensor Lstsq(Tensor b, double? rcond = null, string driver = "gelsd")
    {
        var results = Aten.CallMany("aten::linalg_lstsq", this, b, rcond, driver);
        for (int i = 1; i < results.Length; i++) results[i].Dispose();
        return results[0];
    }
    /// <summary>Moore–Penrose pseudo-inverse (singular values below rtol·σmax are treated as zero).</summary>
    public Tensor Pinverse(double? rtol = null) => Aten.Call("aten::linalg_pinv.atol_rtol_float", this, None, rtol, false);
    public Tensor Inverse() => Aten.Call("aten::inverse", this);

    // ---------------------------------------------------------------- comparison and logic
    public Tensor Eq(Tensor other) => Aten.Call("aten::eq.Tensor", this, other);
    public Tensor Eq(double other) => Aten.Call("aten::eq.Scalar", this, Scalar(other));
    public Tensor Ne(Tensor other) => Aten.Call("aten::ne.Tensor", this, other);
    public Tensor Ne(double other) => Aten.Call("aten::ne.Scalar", this, Scalar(other));
    public Tensor Lt(Tensor other) => Aten.Call("aten::lt.Tensor", this, other);
    public Tensor Lt(double other) => Aten.Call("aten::lt.Scalar", this, Scalar(other));
    public Tensor Le(Tensor other) => Aten.Call("aten::le.Tensor", this, other);
    public Tensor Le(double other) => Aten.Call("aten::le.Scalar", this, Scalar(other));
    public Tensor Gt(Tensor other) => Aten.Call("aten::gt.Tensor", this, other);
    public Tensor Gt(double other) => Aten.Call("aten::gt.Scalar", this, Scalar(other));
    public Tensor Ge(Tensor other) => Aten.Call("aten::ge.Tensor", this, other);
    public Tensor Ge(double other) => Aten.Call("aten::ge.Scalar", this, Scalar(other));
    public Tensor IsNan() => Aten.Call("aten::isnan", this);
    public Tensor LogicalAnd(Tensor other) => Aten.Call("aten::logical_and", this, other);
    public Tensor LogicalOr(Tensor other) => Aten.Call("aten::logical_or", this, other);
    public Tensor LogicalNot() => Aten.Call("aten::logical_not", this);
    public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8) => Aten.CallScalar("aten::allclose", this, other, rtol, atol, false) != 0;
    public bool Equal(Tensor other) => Aten.CallScalar("aten::equal", this, other) != 0;

    // ---------------------------------------------------------------- in place (optimisers, initialisers)
    public Tensor Add_(Tensor other, double alpha = 1) => InPlace("aten::add_.Tensor", other, Scalar(alpha));
    public Tensor Add_(double other) => InPlace("aten::add_.Scalar", Scalar(other), 1L);
    public Tensor Sub_(Tensor other, double alpha = 1) => InPlace("aten::sub_.Tensor", other, Scalar(alpha));
    public Tensor Mul_(Tensor other) => InPlace("aten::mul_.Tensor", other);
    public Tensor Mul_(double other) => InPlace("aten::mul_.Scalar", Scalar(other));
    public Tensor Div_(Tensor other) => InPlace("aten::div_.Tensor", other);
    public Tensor Div_(double other) => InPlace("aten::div_.Scalar", other);
    public Tensor Addcmul_(Tensor t1, Tensor t2, double value = 1) => InPlace("aten::addcmul_", t1, t2, value);
    public Tensor Addcdiv_(Tensor t1, Tensor t2, double value = 1) => InPlace("aten::addcdiv_", t1, t2, value);
    public Tensor Lerp_(Tensor end, double weight) => InPlace("aten::lerp_.Scalar", end, weight);
    public Tensor Sqrt_() => InPlace("aten::sqrt_");
    public Tensor Clamp_(double? min = null, double? max = null) => InPlace("aten::clamp_", min, max);
    public Tensor Zero_() => InPlace("aten::zero_");
    public Tensor Fill_(double value) => InPlace("aten::fill_.Scalar", value);
    public Tensor Copy_(Tensor src) => InPlace("aten::copy_", src, false);
    public Tensor Normal_(double mean = 0, double std = 1) => InPlace("aten::normal_", mean, std, None);
    public Tensor Uniform_(double from = 0, double to = 1) => InPlace("aten::uniform_", from, to, None);
    public Tensor MaskedFill_(Tensor mask, double value) => InPlace("aten::masked_fill_.Scalar", mask, value);

    // ---------------------------------------------------------------- operators
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    public static Tensor operator +(Tensor a, double b) => a.Add(b);
    public static Tensor operator +(double a, Tensor b) => b.Add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor operator -(Tensor a, double b) => a.Sub(b);
    public static Tensor operator -(double a, Tensor b) => b.RSub(a);
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor operator *(Tensor a, double b) => a.Mul(b);
    public static Tensor operator *(double a, Tensor b) => b.Mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    public static Tensor operator /(Tensor a, double b) => a.Div(b);
    public static Tensor operator /(double a, Tensor b) { using var r = b.Reciprocal(); return r.Mul(a); }
    public static Tensor operator -(Tensor a) => a.Neg();
    public static Tensor operator <(Tensor a, Tensor b) => a.Lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.Gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.Le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.Ge(b);
    public static Tensor operator <(Tensor a, double b) => a.Lt(b);
    public static Tensor operator >(Tensor a, double b) => a.Gt(b);
    public static Tensor operator <=(Tensor a, double b) => a.Le(b);
    public static Tensor operator >=(Tensor a, double b) => a.Ge(b);

    // ---------------------------------------------------------------- helpers
    private Tensor InPlace(string op, params ReadOnlySpan<Arg> rest)
    {
        Aten.CallVoid(op, Prepend(this, rest));
        return this;
    }

    private static Arg[] Prepend(Tensor self, ReadOnlySpan<Arg> rest)
    {
        var args = new Arg[rest.Length + 1];
        args[0] = self;
        rest.CopyTo(args.AsSpan(1));
        return args;
    }

    /// <summary>An integral Scalar when the value is whole, so integer tensors accept it (as Python's `1` vs `1.0`).</summary>
    private static Arg Scalar(double v) => v == Math.Floor(v) && Math.Abs(v) < 1e15 ? (Arg)(long)v : (Arg)v;

    private static (Tensor, Tensor) Pair(Tensor[] r) => (r[0], r[1]);
}
