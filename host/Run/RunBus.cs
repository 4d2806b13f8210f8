using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Run;

/// <summary>
/// The run's bus sockets as its config asks (<see cref="RunConfig.BusKeys"/>, <see cref="RunConfig.BusAllow"/>):
/// open on loopback by default; with keys, CURVE on both sockets and only signed commands from
/// allow-listed clients on the control socket, wherever they bind.
/// </summary>
public sealed record RunBus(PublisherOptions Publisher, ControlOptions Control)
{
    public const string ServerKeyFile = "server.key";

    /// <summary>Reads the key files; a missing or bad one throws (FileNotFoundException, FormatException) naming the file.</summary>
    public static RunBus Load(RunConfig config)
    {
        if (config.BusKeys.Length == 0)
            return new(new PublisherOptions { Endpoint = config.BusPub }, new ControlOptions { Endpoint = config.BusControl });
        var control = ControlOptions.Load(config.BusControl, Path.Combine(config.BusKeys, ServerKeyFile), config.BusAllow);
        if (control.AllowedClientKeys.Count == 0)
            throw new ArgumentException($"busAllow {config.BusAllow}: no client public keys, so nobody could command the run");
        return new(new PublisherOptions { Endpoint = config.BusPub, ServerKeys = control.ServerKeys }, control);
    }

    /// <summary>One line for the run log: where the bus is and who can use it.</summary>
    public string Describe() => Control.ServerKeys is null
        ? $"bus: signals on {Publisher.Endpoint}, control on {Control.Endpoint} (loopback, no keys)"
        : $"bus: signals on {Publisher.Endpoint} (CURVE: whoever has server.pub reads them), control on {Control.Endpoint} (CURVE, commands signed by {Control.AllowedClientKeys.Count} allow-listed keys)";
}
