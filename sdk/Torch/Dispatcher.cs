using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace AlphaHost.Torch;

/// <summary>Element types, numbered as c10::ScalarType.</summary>
public enum ScalarType
{
    Byte = 0, Int8 = 1, Int16 = 2, Int32 = 3, Int64 = 4, Float16 = 5, Float32 = 6, Float64 = 7,
    Bool = 11, BFloat16 = 15,
}

/// <summary>A device, numbered as c10::DeviceType (CPU = 0, CUDA = 1).</summary>
public readonly record struct Device(int Type, int Index = -1)
{
    public static readonly Device CPU = new(0);
    public static Device CUDA(int index = 0) => new(1, index);
    public override string ToString() => Type == 0 ? "cpu" : Type == 1 ? $"cuda:{Index}" : $"device{Type}:{Index}";
}

/// <summary>
/// One argument of an ATen op as it goes on the boxed dispatcher's stack. Implicit conversions
/// let op wrappers pass tensors, numbers, lists and None directly.
/// </summary>
public readonly struct Arg
{
    internal enum Kind : byte { None, Tensor, Int, Double, Bool, IntList, DoubleList, TensorList, OptionalTensorList, ScalarType, String, Device }

    internal readonly Kind K;
    internal readonly long I;
    internal readonly double D;
    internal readonly object? O;

    private Arg(Kind k, long i = 0, double d = 0, object? o = null) { K = k; I = i; D = d; O = o; }

    public static readonly Arg None = default;
    public static implicit operator Arg(Tensor? t) => t is null ? None : new(Kind.Tensor, o: t);
    public static implicit operator Arg(long v) => new(Kind.Int, i: v);
    public static implicit operator Arg(int v) => new(Kind.Int, i: v);
    public static implicit operator Arg(double v) => new(Kind.Double, d: v);
    public static implicit operator Arg(bool v) => new(Kind.Bool, i: v ? 1 : 0);
    public static implicit operator Arg(long[] v) => new(Kind.IntList, o: v);
    public static implicit operator Arg(double[] v) => new(Kind.DoubleList, o: v);
    public static implicit operator Arg(Tensor[] v) => new(Kind.TensorList, o: v);
    public static implicit operator Arg(ScalarType v) => new(Kind.ScalarType, i: (int)v);
    public static implicit operator Arg(ScalarType? v) => v is null ? None : new(Kind.ScalarType, i: (int)v.Value);
    public static implicit operator Arg(string v) => new(Kind.String, o: v);
    public static implicit operator Arg(Device v) => new(Kind.Device, i: v.Type, d: v.Index);
    public static implicit operator Arg(Device? v) => v is null ? None : (Arg)v.Value;
    public static implicit operator Arg(long? v) => v is null ? None : new(Kind.Int, i: v.Value);
    public static implicit operator Arg(double? v) => v is null ? None : new(Kind.Double, d: v.Value);

    /// <summary>A Tensor?[] argument (as aten::index takes): null entries are None.</summary>
    public static Arg OptionalTensors(Tensor?[] v) => new(Kind.OptionalTensorList, o: v);

    public override string ToString() => K switch
    {
        Kind.None => "None",
        Kind.Tensor => ((Tensor)O!).Describe(),
        Kind.Int => I.ToString(),
        Kind.Double => D.ToString("G6"),
        Kind.Bool => I != 0 ? "True" : "False",
        Kind.IntList => "[" + string.Join(", ", (long[])O!) + "]",
        Kind.DoubleList => "[" + string.Join(", ", (double[])O!) + "]",
        Kind.TensorList => "[" + string.Join(", ", ((Tensor[])O!).Select(t => t.Describe())) + "]",
        Kind.OptionalTensorList => "[" + string.Join(", ", ((Tensor?[])O!).Select(t => t?.Describe() ?? "None")) + "]",
        Kind.ScalarType => ((ScalarType)I).ToString(),
        Kind.String => $"'{O}'",
        Kind.Device => new Device((int)I, (int)D).ToString(),
        _ => "?",
    };
}

/// <summary>
/// Calls any ATen op by qualified name ("aten::add.Tensor": name, then overload after the dot)
/// through libtorch's boxed dispatcher, autograd included. Op handles are looked up once and cached.
/// </summary>
public static unsafe class Aten
{
    private static readonly ConcurrentDictionary<string, IntPtr> Ops = new();
    [ThreadStatic] private static IntPtr stack;

    /// <summary>Calls the op and returns its first result, which must be a tensor.</summary>
    public static Tensor Call(string op, params ReadOnlySpan<Arg> args)
    {
        var s = Invoke(op, args);
        var result = ReadTensor(s, 0, op, args);
        Native.ath_stack_clear(s);
        return result;
    }

    /// <summary>Calls the op and returns every tensor result (a tuple's or a list's elements, in order).</summary>
    public static Tensor[] CallMany(string op, params ReadOnlySpan<Arg> args)
    {
        var s = Invoke(op, args);
        var results = new List<Tensor>();
        int n = Native.ath_stack_size(s);
        for (int i = 0; i < n; i++)
        {
            int kind = Native.ath_stack_kind(s, i);
            if (kind is 5 or 9)
            {
                int m = Native.ath_stack_list_size(s, i);
                for (int j = 0; j < m; j++) results.Add(new Tensor(Native.ath_stack_list_tensor(s, i, j)));
            }
            else if (kind == 1)
            {
                results.Add(ReadTensor(s, i, op, args));
            }
        }
        Native.ath_stack_clear(s);
        return results.ToArray();
    }

    /// <summary>Calls the op for its effect (in-place ops); results are dropped without wrapping.</summary>
    public static void CallVoid(string op, params ReadOnlySpan<Arg> args)
    {
        var s = Invoke(op, args);
        Native.ath_stack_clear(s);
    }

    /// <summary>Calls the op and returns its first result as a number (ops returning int/float/bool).</summary>
    public static double CallScalar(string op, params ReadOnlySpan<Arg> args)
    {
        var s = Invoke(op, args);
        double v = Native.ath_stack_kind(s, 0) switch
        {
            2 => Native.ath_stack_int(s, 0),
            3 => Native.ath_stack_double(s, 0),
            4 => Native.ath_stack_bool(s, 0),
            _ => throw new TorchException($"{op} did not return a number"),
        };
        Native.ath_stack_clear(s);
        return v;
    }

    /// <summary>The op's schema as libtorch declares it, e.g. for error messages and docs.</summary>
    public static string Schema(string op)
    {
        var handle = Find(op);
        var buffer = new byte[1024];
        fixed (byte* b = buffer)
        {
            int n = Native.ath_op_schema(handle, b, buffer.Length);
            return Encoding.UTF8.GetString(buffer, 0, Math.Min(n, buffer.Length - 1));
        }
    }

    private static IntPtr Find(string op) => Ops.TryGetValue(op, out var h) ? h : Ops.GetOrAdd(op, Lookup);

    private static IntPtr Lookup(string op)
    {
        int dot = op.IndexOf('.', op.IndexOf("::", StringComparison.Ordinal) + 2);
        string name = dot < 0 ? op : op[..dot];
        string overload = dot < 0 ? "" : op[(dot + 1)..];
        var h = Native.ath_find_op(name, overload);
        if (h == IntPtr.Zero) throw new TorchException($"unknown op '{op}': {Native.LastError()}");
        return h;
    }

    private static IntPtr Invoke(string op, ReadOnlySpan<Arg> args)
    {
        var handle = Find(op);
        var s = stack;
        if (s == IntPtr.Zero) stack = s = Native.ath_stack_new();
        Native.ath_stack_clear(s);
        foreach (ref readonly var a in args) Push(s, a);
        if (Native.ath_call(handle, s) != 0)
        {
            string error = Native.LastError();
            Native.ath_stack_clear(s);
            throw new TorchException($"{op}({Describe(args)}) failed: {FirstLine(error)}");
        }
        return s;
    }

    private static Tensor ReadTensor(IntPtr s, int i, string op, ReadOnlySpan<Arg> args)
    {
        if (Native.ath_stack_size(s) <= i || Native.ath_stack_kind(s, i) != 1)
            throw new TorchException($"{op}({Describe(args)}) returned no tensor at position {i}");
        var h = Native.ath_stack_tensor(s, i);
        if (h == IntPtr.Zero) throw new TorchException($"{op}({Describe(args)}) returned an undefined tensor");
        return new Tensor(h);
    }

    private static void Push(IntPtr s, in Arg a)
    {
        switch (a.K)
        {
            case Arg.Kind.None: Native.ath_push_none(s); break;
            case Arg.Kind.Tensor: Native.ath_push_tensor(s, ((Tensor)a.O!).Handle); break;
            case Arg.Kind.Int: Native.ath_push_int(s, a.I); break;
            case Arg.Kind.Double: Native.ath_push_double(s, a.D); break;
            case Arg.Kind.Bool: Native.ath_push_bool(s, (int)a.I); break;
            case Arg.Kind.ScalarType: Native.ath_push_scalar_type(s, (int)a.I); break;
            case Arg.Kind.String: Native.ath_push_string(s, (string)a.O!); break;
            case Arg.Kind.Device: Native.ath_push_device(s, (int)a.I, (int)a.D); break;
            case Arg.Kind.IntList:
                fixed (long* p = (long[])a.O!) Native.ath_push_int_list(s, p, ((long[])a.O!).Length);
                break;
            case Arg.Kind.DoubleList:
                fixed (double* p = (double[])a.O!) Native.ath_push_double_list(s, p, ((double[])a.O!).Length);
                break;
            case Arg.Kind.TensorList:
            case Arg.Kind.OptionalTensorList:
            {
                var list = (Tensor?[])a.O!;
                var handles = list.Length <= 64 ? stackalloc IntPtr[list.Length] : new IntPtr[list.Length];
                for (int i = 0; i < list.Length; i++) handles[i] = list[i]?.Handle ?? IntPtr.Zero;
                fixed (IntPtr* p = handles)
                {
                    if (a.K == Arg.Kind.TensorList) Native.ath_push_tensor_list(s, p, list.Length);
                    else Native.ath_push_optional_tensor_list(s, p, list.Length);
                }
                break;
            }
        }
    }

    private static string Describe(ReadOnlySpan<Arg> args)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < args.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(args[i].ToString());
        }
        return sb.ToString();
    }

    private static string FirstLine(string message)
    {
        int nl = message.IndexOf('\n');
        return nl < 0 ? message : message[..nl];
    }
}
