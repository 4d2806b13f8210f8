namespace AlphaHost.Host.Bus;

public enum CommandProblem { None, Malformed, Unknown }

/// <summary>What a well-formed <see cref="Command"/> is; the control socket and `alphahost control` both ask here.</summary>
public static class CommandRules
{
    public static (CommandProblem Problem, string Error) Check(Command command)
    {
        if (command.RequestId is null) return Bad("request_id is missing");
        return CheckArguments(command);
    }

    /// <summary>The kind and the fields it needs, without the request id the socket needs to answer.</summary>
    public static (CommandProblem Problem, string Error) CheckArguments(Command command)
    {
        if (string.IsNullOrEmpty(command.Kind)) return Bad("kind is missing");
        if (!CommandKinds.All.Contains(command.Kind))
            return (CommandProblem.Unknown, $"unknown command '{command.Kind}'; known: {string.Join(", ", CommandKinds.All)}");
        if (command.Kind == CommandKinds.Step && command.Ticks is < 1) return Bad($"step: ticks must be at least 1; got {command.Ticks}");
        if (command.Kind == CommandKinds.Speed)
        {
            if (command.TicksPerSecond is not { } speed) return Bad("speed: ticks_per_second is missing");
            if (!double.IsFinite(speed) || speed < 0) return Bad($"speed: ticks_per_second must be 0 (as fast as possible) or more; got {speed}");
        }
        if (CommandKinds.OnModel.Contains(command.Kind) && string.IsNullOrEmpty(command.Model))
            return Bad($"{command.Kind}: model is missing");
        return (CommandProblem.None, "");
    }

    private static (CommandProblem, string) Bad(string error) => (CommandProblem.Malformed, error);
}
