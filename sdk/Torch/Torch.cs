using System.Runtime.InteropServices;

namespace AlphaHost.Torch;

/// <summary>Tensor factories and global state, named as in PyTorch's `torch` module.</summary>
public static unsafe partial class torch
{
    private static readonly Arg None = Arg.None;

    // ---------------------------------------------------------------- scopes, seed, threads, grad mode
    /// <summary>Frees every tensor created on this thread until disposed, except those moved out.</summary>
    public static DisposeScope NewDisposeScope() => new();

    public static void ManualSeed(ulong seed) => Native.ath_manual_seed(seed);

    public static int NumThreads
    {
        get => Native.ath_get_num_threads();
        set => Native.ath_set_num_threads(value);
    }

    public static bool IsGradEnabled => Native.ath_is_grad_enabled() != 0;

    public static bool CudaIsAvailable => Native.ath_cuda_is_available() != 0;

    /// <summary>`using var _ = torch.NoGrad();` turns autograd off on this thread until disposed.</summary>
    public static GradMode NoGrad() => new(false);

    /// <summary>`using var _ = torch.EnableGrad();` turns autograd on (inside a no-grad region).</summary>
    public static GradMode EnableGrad() => new(true);

    public sealed class GradMode : IDisposable
    {
        private readonly bool previous;
        internal GradMode(bool enabled)
        {
            previous = Native.ath_is_grad_enabled() != 0;
            Native.ath_set_grad_enabled(enabled ? 1 : 0);
        }
        public void Dispose() => Native.ath_set_grad_enabled(previous ? 1 : 0);
    }

    // ---------------------------------------------------------------- from managed data
    /// <summary>A tensor holding a copy of `data` with the given shape (default: 1-D).</summary>
    public static Tensor From<T>(T[] data, params long[] shape) where T : unmanaged => From((ReadOnlySpan<T>)data, shape);

    public static Tensor From<T>(ReadOnlySpan<T> data, params long[] shape) where T : unmanaged
    {
        if (shape.Length == 0) shape = [data.Length];
        long n = 1;
        foreach (var d in shape) n *= d;
        if (n != data.Length) throw new TorchException($"{data.Length} values do not fill shape [{string.Join(", ", shape)}]");
        fixed (T* p = data)
        fixed (long* s = shape)
            return new Tensor(Native.ath_from_data(p, s, shape.Length, (int)DtypeOf<T>()));
    }

    /// <summary>A 0-dimensional tensor.</summary>
    public static Tensor Scalar(double value, ScalarType dtype = ScalarType.Float32) => Aten.Call("aten::scalar_tensor", value, dtype, None, None, None);

    // ---------------------------------------------------------------- factories
    public static Tensor Zeros(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) => Aten.Call("aten::zeros", shape, dtype, None, device, None);
    public static Tensor Ones(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) => Aten.Call("aten::ones", shape, dtype, None, device, None);
    public static Tensor Full(long[] shape, double value, ScalarType dtype = ScalarType.Float32, Device? device = null) => Aten.Call("aten::full", shape, value, dtype, None, device, None);
    public static Tensor Empty(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) => Aten.Call("aten::empty.memory_format", shape, dtype, None, device, None, None);
    public static Tensor Randn(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) => Aten.Call("aten::randn", shape, dtype, None, device, None);
    public static Tensor Rand(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null) => Aten.Call("aten::rand", shape, dtype, None, device, None);
    public static Tensor Randint(long low, long high, long[] shape, Device? device = null) => Aten.Call("aten::randint.low", low, high, shape, ScalarType.Int64, None, device, None);
    public static Tensor Randperm(long n, Device? device = null) => Aten.Call("aten::randperm", n, ScalarType.Int64, None, device, None);
    public static Tensor Arange(double end, ScalarType dtype = ScalarType.Int64, Device? device = null) => Aten.Call("aten::arange", end, dtype, None, device, None);
    public static Tensor Arange(double start, double end, double step = 1, ScalarType dtype = ScalarType.Int64, Device? device = null) => Aten.Call("aten::arange.start_step", start, end, step, dtype, None, device, None);
    public static Tensor Linspace(double start, double end, long steps, ScalarType dtype = ScalarType.Float32) => Aten.Call("aten::linspace", start, end, steps, dtype, None, None, None);
    public static Tensor Eye(long n, ScalarType dtype = ScalarType.Float32) => Aten.Call("aten::eye", n, dtype, None, None, None);
    public static Tensor ZerosLike(Tensor t) => Aten.Call("aten::zeros_like", t, None, None, None, None, None);
    public static Tensor ZerosLike(Tensor t, ScalarType dtype) => Aten.Call("aten::zeros_like", t, dtype, None, None, None, None);
    public static Tensor OnesLike(Tensor t) => Aten.Call("aten::ones_like", t, None, None, None, None, None);
    public static Tensor FullLike(Tensor t, double value) => Aten.Call("aten::full_like", t, value, None, None, None, None, None);
    public static Tensor RandnLike(Tensor t) => Aten.Call("aten::randn_like", t, None, None, None, None, None);

    // ---------------------------------------------------------------- combining
    public static Tensor Cat(Tensor[] tensors, long dim = 0) => Aten.Call("aten::cat", tensors, dim);
    public static Tensor Stack(Tensor[] tensors, long dim = 0) => Aten.Call("aten::stack", tensors, dim);
    /// <summary>Elementwise choice: `a` where the condition holds, else `b`.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => Aten.Call("aten::where.self", condition, a, b);
    public static Tensor Where(Tensor condition, Tensor a, double b) => Aten.Call("aten::where.ScalarOther", condition, a, b);
    public static Tensor Where(Tensor condition, double a, Tensor b) => Aten.Call("aten::where.ScalarSelf", condition, a, b);
    /// <summary>Einstein summation, e.g. Einsum("bij,bjk->bik", a, b).</summary>
    public static Tensor Einsum(string equation, params Tensor[] operands) => Aten.Call("aten::einsum", equation, operands, None);

    // ---------------------------------------------------------------- save / load
    /// <summary>
    /// Writes a named set of tensors to one file in PyTorch's own zip/pickle format:
    /// `torch.load(path)` in Python returns a dict of the same names and tensors.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var names = tensors.Keys.ToArray();
        var namePtrs = new IntPtr[names.Length];
        var handles = new IntPtr[names.Length];
        try
        {
            for (int i = 0; i < names.Length; i++)
            {
                namePtrs[i] = Marshal.StringToCoTaskMemUTF8(names[i]);
                handles[i] = tensors[names[i]].Handle;
            }
            fixed (IntPtr* n = namePtrs)
            fixed (IntPtr* h = handles)
                Native.Check(Native.ath_save(path, n, h, names.Length), $"save {names.Length} tensors to {path}");
            GC.KeepAlive(tensors);
        }
        finally
        {
            foreach (var p in namePtrs) Marshal.FreeCoTaskMem(p);
        }
    }

    /// <summary>Reads a file written by <see cref="Save"/> (or torch.save of a dict of tensors), names in file order.</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        var set = Native.ath_load(path);
        if (set == IntPtr.Zero) throw new TorchException($"load {path}: {Native.LastError()}");
        try
        {
            int n = Native.ath_loaded_count(set);
            var result = new Dictionary<string, Tensor>(n);
            for (int i = 0; i < n; i++)
                result[Marshal.PtrToStringUTF8(Native.ath_loaded_name(set, i))!] = new Tensor(Native.ath_loaded_tensor(set, i));
            return result;
        }
        finally
        {
            Native.ath_loaded_free(set);
        }
    }
}
