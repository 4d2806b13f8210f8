namespace AlphaHost.Host.Engine;

/// <summary>
/// Long work started by a system (see <see cref="TickContext.StartWork{T}"/>). The owning system
/// polls <see cref="TryAdopt"/> from its Update, so the result lands at a tick boundary and the
/// loop never waits except when determinism demands it.
/// </summary>
public sealed class WorkerJob<T>
{
    private readonly Task<T> _task;
    private readonly bool _live;

    internal WorkerJob(Task<T> task, long startedAt, long dueAt, bool live)
    {
        _task = task;
        StartedAt = startedAt;
        DueAt = dueAt;
        _live = live;
    }

    public long StartedAt { get; }

    /// <summary>The tick at which a deterministic engine adopts the result (waiting for it if needed).</summary>
    public long DueAt { get; }

    public bool IsDone => _task.IsCompleted;

    /// <summary>Completes when the work ends (ran, threw or was cancelled): for work that must start after this one.</summary>
    public Task Completion => _task;

    /// <summary>Waits for the result whatever the tick (a pending fit made blocking, or collected at shutdown); rethrows the work's exception.</summary>
    public T Wait() => _task.GetAwaiter().GetResult();

    /// <summary>
    /// Deterministic engine: false before <see cref="DueAt"/>, and at <see cref="DueAt"/> waits for the
    /// result, so two runs adopt at the same tick. Live engine: true as soon as the work is done.
    /// Rethrows the work's exception (the engine logs it and keeps the system's previous part).
    /// </summary>
    public bool TryAdopt(in TickContext tick, out T result)
    {
        if (_live ? !_task.IsCompleted : tick.Tick < DueAt)
        {
            result = default!;
            return false;
        }
        result = _task.GetAwaiter().GetResult();
        return true;
    }
}
