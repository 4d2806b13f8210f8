using System.Runtime.InteropServices;

namespace AlphaHost.Torch;

/// <summary>
/// A libtorch tensor. Owns one native handle, freed by <see cref="Dispose"/>, by the dispose scope
/// it was created in, or (as a safety net only) by the finalizer. Ops are thin wrappers over the
/// boxed dispatcher (<see cref="Aten"/>), named as in PyTorch; adding an op is one line.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private IntPtr handle;
    private DisposeScope? scope;

    internal Tensor(IntPtr handle)
    {
        if (handle == IntPtr.Zero) throw new TorchException($"libtorch returned no tensor: {Native.LastError()}");
        this.handle = handle;
        scope = DisposeScope.Current;
        scope?.Add(this);
    }

    ~Tensor() => FreeNative();

    /// <summary>The native handle; throws once the tensor is disposed.</summary>
    public IntPtr Handle => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(Tensor), "tensor was disposed (by Dispose or by its dispose scope)");

    public bool IsDisposed => handle == IntPtr.Zero;

    public void Dispose()
    {
        FreeNative();
        GC.SuppressFinalize(this);
    }

    internal void FreeNative()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) Native.ath_free(h);
    }

    /// <summary>Hands ownership to the enclosing scope (or to no scope at the outermost level).</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        if (scope is not null && scope.Remove(this))
        {
            scope = scope.Outer;
            scope?.Add(this);
        }
        return this;
    }

    /// <summary>Takes the tensor out of every scope: the caller disposes it (module parameters, kept state).</summary>
    public Tensor DetachFromDisposeScope()
    {
        scope?.Remove(this);
        scope = null;
        return this;
    }

    // ---------------------------------------------------------------- metadata
    public unsafe long[] Shape
    {
        get
        {
            var h = Handle;
            var shape = new long[Native.ath_ndim(h)];
            fixed (long* p = shape) Native.ath_shape(h, p);
            return shape;
        }
    }

    public int Dim => Native.ath_ndim(Handle);
    public long Numel => Native.ath_numel(Handle);
    public ScalarType Dtype => (ScalarType)Native.ath_dtype(Handle);
    public long Size(int dim) { var s = Shape; return s[dim < 0 ? dim + s.Length : dim]; }
    public bool IsCuda => Native.ath_device_type(Handle) == 1;

    public string Describe() => IsDisposed ? "Tensor[disposed]" : $"Tensor[{string.Join(", ", Shape)}] {Dtype}";
    public override string ToString() => Describe();

    // ---------------------------------------------------------------- data in and out
    public unsafe T[] ToArray<T>() where T : unmanaged
    {
        CheckElementType<T>();
        var data = new T[Numel];
        fixed (T* p = data) Native.Check(Native.ath_copy_to(Handle, p, (long)data.Length * sizeof(T)), $"copy of {Describe()} to {typeof(T).Name}[]");
        return data;
    }

    /// <summary>The single value of a one-element tensor.</summary>
    public T Item<T>() where T : unmanaged
    {
        if (Numel != 1) throw new TorchException($"Item() needs a one-element tensor, got {Describe()}");
        return ToArray<T>()[0];
    }

    /// <summary>The single value as a double, whatever the dtype.</summary>
    public double ToDouble()
    {
        using var d = To(ScalarType.Float64);
        return d.Item<double>();
    }

    internal void CheckElementType<T>() where T : unmanaged
    {
        var expected = torch.DtypeOf<T>();
        if (expected != Dtype) throw new TorchException($"element type {typeof(T).Name} does not match {Describe()}");
    }

    // ---------------------------------------------------------------- autograd
    public bool RequiresGrad
    {
        get => Native.ath_requires_grad(Handle) != 0;
        set => Native.Check(Native.ath_set_requires_grad(Handle, value ? 1 : 0), $"requires_grad on {Describe()}");
    }

    public Tensor RequiresGrad_(bool on = true) { RequiresGrad = on; return this; }

    /// <summary>The accumulated gradient, or null before any backward pass reached this tensor.</summary>
    public Tensor? Grad
    {
        get
        {
            var g = Native.ath_grad(Handle);
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
        set => Native.Check(Native.ath_set_grad(Handle, value?.Handle ?? IntPtr.Zero), $"set grad of {Describe()}");
    }

    public bool IsLeaf => Native.ath_is_leaf(Handle) != 0;

    public void Backward(Tensor? gradient = null, bool retainGraph = false) =>
        Native.Check(Native.ath_backward(Handle, gradient?.Handle ?? IntPtr.Zero, retainGraph ? 1 : 0), $"backward from {Describe()}");

    /// <summary>Drops the gradient buffer (as PyTorch's zero_grad with set_to_none).</summary>
    public void ZeroGrad() => Native.Check(Native.ath_zero_grad(Handle), $"zero_grad of {Describe()}");

    public Tensor Detach() => new(Native.ath_detach(Handle));

    /// <summary>A second handle to the same tensor (same storage, same autograd identity).</summary>
    public Tensor Alias() => new(Native.ath_shallow_copy(Handle));
}

/// <summary>Error helpers for element-type checks.</summary>
public static partial class torch
{
    public static ScalarType DtypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? ScalarType.Float32 :
        typeof(T) == typeof(double) ? ScalarType.Float64 :
        typeof(T) == typeof(long) ? ScalarType.Int64 :
        typeof(T) == typeof(int) ? ScalarType.Int32 :
        typeof(T) == typeof(short) ? ScalarType.Int16 :
        typeof(T) == typeof(sbyte) ? ScalarType.Int8 :
        typeof(T) == typeof(byte) ? ScalarType.Byte :
        typeof(T) == typeof(bool) ? ScalarType.Bool :
        typeof(T) == typeof(Half) ? ScalarType.Float16 :
        throw new TorchException($"no tensor element type for {typeof(T).Name}");

    internal static int ElementSize(ScalarType t) => t switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        _ => 8,
    };
}
