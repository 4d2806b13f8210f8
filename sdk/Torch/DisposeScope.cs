namespace AlphaHost.Torch;

/// <summary>
/// Owns every tensor created on this thread while it is the innermost open scope, and frees them
/// all when disposed — except those moved out with <see cref="Tensor.MoveToOuterDisposeScope"/> or
/// <see cref="Tensor.DetachFromDisposeScope"/>. Scopes nest; one per tick or training step keeps
/// native memory flat however long a run goes.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly List<Tensor> owned = new();
    private bool disposed;

    internal DisposeScope? Outer { get; }

    internal DisposeScope()
    {
        Outer = current;
        current = this;
    }

    internal static DisposeScope? Current => current;

    /// <summary>Tensors this scope will free.</summary>
    public int Count => owned.Count;

    internal void Add(Tensor t) => owned.Add(t);

    internal bool Remove(Tensor t)
    {
        // Tensors are usually moved out right after creation: search from the end.
        for (int i = owned.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(owned[i], t))
            {
                owned.RemoveAt(i);
                return true;
            }
        }
        return false;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var t in owned) t.FreeNative();
        owned.Clear();
        // Scopes close innermost first; tolerate a scope disposed out of order by unlinking it.
        if (ReferenceEquals(current, this)) current = Outer;
    }
}
