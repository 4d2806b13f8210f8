using AlphaHost.Host.Bus;
using AlphaHost.Host.Engine;
using AlphaHost.Host.Panel;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Run;

/// <summary>
/// Commands from the cockpit keys and the control socket. Clock commands go to the engine; model
/// commands change the live models on the loop thread between two ticks, and the reply waits for
/// that (up to <see cref="ApplyWait"/>; a longer tick answers "queued").
/// </summary>
public sealed class RunControl(TickEngine engine, SnapshotBoard board, LiveModels models, PluginHost plugins) : IControlHandler
{
    /// <summary>How long a model command waits for the next tick boundary before answering "queued".</summary>
    public TimeSpan ApplyWait { get; init; } = TimeSpan.FromSeconds(3);

    public Reply Handle(Command command)
    {
        var reply = new Reply { RequestId = command.RequestId ?? 0, Ok = true };
        // The socket checked the command already; the cockpit's keys are held to the same rules here.
        if (CommandRules.CheckArguments(command) is (not CommandProblem.None, var why)) return Refuse(reply, why);
        string? error = null;
        switch (command.Kind)
        {
            case CommandKinds.Pause: engine.Control.Pause(); break;
            case CommandKinds.Resume: engine.Control.Resume(); break;
            case CommandKinds.Step: engine.Control.Step(command.Ticks ?? 1); break;
            case CommandKinds.Speed:
                engine.Control.SetSpeed(command.TicksPerSecond > 0 ? command.TicksPerSecond : null);
                break;
            case CommandKinds.Plugins: break;
            case CommandKinds.Reload: error = Reload(command.Name); break;
            case CommandKinds.ActivateModel: error = Activate(command.Model!); break;
            case CommandKinds.Promote: error = OnLoop(() => Promote(command.Model!)); break;
            case CommandKinds.Retire: error = OnLoop(() => Retire(command.Model!)); break;
            case CommandKinds.StartTraining: error = OnLoop(() => Retrain(command.Model!)); break;
            case CommandKinds.Shutdown:
                engine.Control.Stop();
                board.Update(s => s with { Phase = RunPhase.Stopping });
                break;
            case CommandKinds.Status: break;
            default:
                return Refuse(reply, $"unknown command '{command.Kind}'");
        }
        if (error is not null) return Refuse(reply, error);
        // A paused engine posts no snapshots, so the cockpit learns the new mode, speed and models here.
        OnLoop(() =>
        {
            var pluginRows = MainJob.PluginRows(plugins.Registry);
            board.Update(s => s with
            {
                Phase = s.Phase is RunPhase.Stopping or RunPhase.Finished ? s.Phase : engine.Control.Mode == RunMode.Paused ? RunPhase.Paused : RunPhase.Running,
                Speed = engine.Control.TicksPerSecond ?? 0,
                Models = ModelRows.WithAvailable(models.Rows(), pluginRows),
                ActiveModel = models.Champion?.Name ?? "",
                Plugins = pluginRows,
            });
            return null;
        });
        if (command.Kind == CommandKinds.Plugins) reply.Plugins = board.Latest.ToStatus().Plugins;
        reply.Status = board.Latest.ToStatus();
        return reply;
    }

    /// <summary>Makes a loaded model plugin a challenger, fitted from the data known at the current tick.</summary>
    private string? Activate(string name)
    {
        try
        {
            plugins.Registry.Check<IModel>(new PluginChoice(name) { Source = "activate-model" });
        }
        catch (PluginLoadException e)
        {
            return e.Message;
        }
        return OnLoop(() =>
        {
            if (models.Find(name) is { IsLive: true } live)
                return $"{name} is already live ({live.Role.ToString().ToLowerInvariant()}, {live.State})";
            models.Activate(new PluginChoice(name) { Source = "activate-model" }, ModelRole.Challenger);
            return null;
        });
    }

    private string? Promote(string name)
    {
        var model = models.Find(name);
        if (model is null || model.Role == ModelRole.Retired) return $"no live model '{name}'; live: {Live()}";
        if (model.Fault is not null) return $"{name} is faulted: {model.Fault}";
        if (model.Role == ModelRole.Champion) return $"{name} is already the champion";
        if (!model.CanScore) return $"{name} has no fitted version yet ({model.State}); promote it once it scores";
        models.Promote(model);
        return null;
    }

    private string? Retire(string name)
    {
        var model = models.Find(name);
        if (model is null || model.Role == ModelRole.Retired) return $"no live model '{name}'; live: {Live()}";
        if (model.Role == ModelRole.Champion) return $"{name} is the champion; promote another model first";
        model.Retire();
        return null;
    }

    private string? Retrain(string name)
    {
        var model = models.Find(name);
        if (model is null || model.Role == ModelRole.Retired) return $"no live model '{name}'; live: {Live()}";
        if (model.Fault is not null) model.ClearFault();
        model.RefitWanted = true;
        return null;
    }

    /// <summary>Reloads one plugin (by name) or every plugin path now; the reply says what failed.</summary>
    private string? Reload(string? name)
    {
        IEnumerable<string> paths = plugins.PluginPaths();
        if (!string.IsNullOrEmpty(name))
        {
            var path = plugins.Registry.Statuses().FirstOrDefault(s => s.Name == name)?.Path;
            if (path is null) return $"no plugin '{name}' in {plugins.Directory}";
            paths = [path];
        }
        var failures = new List<string>();
        foreach (var path in paths)
        {
            var reload = plugins.ReloadAsync(path);
            if (!reload.Wait(TimeSpan.FromSeconds(30))) failures.Add($"{Path.GetFileName(path)}: still loading after 30 s");
            else if (reload.Result.Error is { } e) failures.Add(e.Split('\n')[0]);
        }
        return failures.Count == 0 ? null : string.Join("; ", failures);
    }

    private string Live() => string.Join(", ", models.All.Where(m => m.Role != ModelRole.Retired).Select(m => m.Name));

    /// <summary>Runs <paramref name="change"/> between two ticks and returns its refusal (null when done or still queued).</summary>
    private string? OnLoop(Func<string?> change)
    {
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Control.AtBoundary(() =>
        {
            try
            {
                done.SetResult(change());
            }
            catch (Exception e)
            {
                done.SetResult($"{e.GetType().Name}: {e.Message}");
            }
        });
        // A running loop drains commands between ticks; one stopped for good never will.
        return done.Task.Wait(ApplyWait) ? done.Task.Result : null;
    }

    private static Reply Refuse(Reply reply, string error)
    {
        reply.Ok = false;
        reply.Error = error;
        return reply;
    }
}
