using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AlphaHost.Torch;

/// <summary>P/Invoke declarations for the C shim (sdk/native/alphatorch.cpp). Nothing else calls the shim.</summary>
internal static unsafe partial class Native
{
    private const string Lib = "alphatorch";

    // Errors, threads, seed, grad mode
    [LibraryImport(Lib)] internal static partial IntPtr ath_last_error();
    [LibraryImport(Lib)] internal static partial void ath_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int ath_get_num_threads();
    [LibraryImport(Lib)] internal static partial void ath_manual_seed(ulong seed);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial void ath_set_grad_enabled(int enabled);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int ath_is_grad_enabled();
    [LibraryImport(Lib)] internal static partial int ath_cuda_is_available();

    // Tensor lifetime and data
    [LibraryImport(Lib)] internal static partial void ath_free(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr ath_from_data(void* data, long* shape, int ndim, int dtype);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int ath_ndim(IntPtr t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial void ath_shape(IntPtr t, long* shape);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int ath_dtype(IntPtr t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial long ath_numel(IntPtr t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int ath_device_type(IntPtr t);
    [LibraryImport(Lib)] internal static partial int ath_copy_to(IntPtr t, void* dst, long nbytes);
    [LibraryImport(Lib)] internal static partial IntPtr ath_shallow_copy(IntPtr t);

    // Autograd
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int ath_requires_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int ath_set_requires_grad(IntPtr t, int on);
    [LibraryImport(Lib)] internal static partial int ath_backward(IntPtr t, IntPtr grad, int retainGraph);
    [LibraryImport(Lib)] internal static partial IntPtr ath_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int ath_zero_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int ath_set_grad(IntPtr t, IntPtr grad);
    [LibraryImport(Lib)] internal static partial IntPtr ath_detach(IntPtr t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int ath_is_leaf(IntPtr t);

    // Boxed dispatcher: argument stack, op lookup, call, results
    [LibraryImport(Lib)] internal static partial IntPtr ath_stack_new();
    [LibraryImport(Lib)] internal static partial void ath_stack_free(IntPtr s);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial void ath_stack_clear(IntPtr s);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int ath_stack_size(IntPtr s);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial void ath_push_tensor(IntPtr s, IntPtr t);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial void ath_push_none(IntPtr s);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial void ath_push_int(IntPtr s, long v);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial void ath_push_double(IntPtr s, double v);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial void ath_push_bool(IntPtr s, int v);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial void ath_push_string(IntPtr s, string v);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial void ath_push_scalar_type(IntPtr s, int v);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial void ath_push_device(IntPtr s, int type, int index);
    [LibraryImport(Lib)] internal static partial void ath_push_int_list(IntPtr s, long* v, int n);
    [LibraryImport(Lib)] internal static partial void ath_push_double_list(IntPtr s, double* v, int n);
    [LibraryImport(Lib)] internal static partial void ath_push_tensor_list(IntPtr s, IntPtr* v, int n);
    [LibraryImport(Lib)] internal static partial void ath_push_optional_tensor_list(IntPtr s, IntPtr* v, int n);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr ath_find_op(string name, string overload);
    [LibraryImport(Lib)] internal static partial int ath_op_schema(IntPtr op, byte* buffer, int size);
    [LibraryImport(Lib)] internal static partial int ath_call(IntPtr op, IntPtr s);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int ath_stack_kind(IntPtr s, int i);
    [LibraryImport(Lib)] internal static partial IntPtr ath_stack_tensor(IntPtr s, int i);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial long ath_stack_int(IntPtr s, int i);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial double ath_stack_double(IntPtr s, int i);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int ath_stack_bool(IntPtr s, int i);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial int ath_stack_list_size(IntPtr s, int i);
    [LibraryImport(Lib)] internal static partial IntPtr ath_stack_list_tensor(IntPtr s, int i, int j);
    [LibraryImport(Lib), SuppressGCTransition] internal static partial long ath_stack_list_int(IntPtr s, int i, int j);

    // Save / load
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int ath_save(string path, IntPtr* names, IntPtr* tensors, int n);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr ath_load(string path);
    [LibraryImport(Lib)] internal static partial int ath_loaded_count(IntPtr set);
    [LibraryImport(Lib)] internal static partial IntPtr ath_loaded_name(IntPtr set, int i);
    [LibraryImport(Lib)] internal static partial IntPtr ath_loaded_tensor(IntPtr set, int i);
    [LibraryImport(Lib)] internal static partial void ath_loaded_free(IntPtr set);

    internal static string LastError() => Marshal.PtrToStringUTF8(ath_last_error()) ?? "unknown libtorch error";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(int status, string what)
    {
        if (status != 0) throw new TorchException($"{what}: {LastError()}");
    }
}

/// <summary>An error raised by libtorch, with the op and its arguments named.</summary>
public sealed class TorchException(string message) : Exception(message);
