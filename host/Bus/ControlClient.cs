using NetMQ;
using NetMQ.Sockets;

namespace AlphaHost.Host.Bus;

/// <summary>The keys a client needs for a secured control socket: its own pair and the server's public key.</summary>
public sealed record ControlClientKeys(CurveKeyPair Client, string ServerPublicKey);

/// <summary>
/// A DEALER client of the control socket, as `alphahost control` uses it: one command, one reply.
/// With keys it speaks CURVE to the server and seals each command (<see cref="CommandSeal"/>).
/// </summary>
public sealed class ControlClient : IDisposable
{
    private readonly DealerSocket _dealer = new();
    private readonly ControlClientKeys? _keys;
    private readonly byte[]? _serverKey;
    private readonly NonceSource _nonces = new();
    private ulong _nextRequestId = 1;

    public ControlClient(string endpoint, ControlClientKeys? keys = null)
    {
        _keys = keys;
        _dealer.Options.Linger = TimeSpan.Zero;
        if (keys is not null)
        {
            _serverKey = CurveKeyPair.Decode(keys.ServerPublicKey, "server public key");
            _dealer.Options.CurveServerKey = _serverKey;
            _dealer.Options.CurveCertificate = keys.Client.Certificate;
        }
        _dealer.Connect(endpoint);
    }

    /// <summary>Sends <paramref name="command"/> (a request id is assigned when it has none) and waits for the reply; null on timeout.</summary>
    public Reply? Ask(Command command, TimeSpan timeout)
    {
        command.RequestId ??= _nextRequestId++;
        var payload = BusCodec.Encode(command);
        var frames = _keys is null ? [payload] : CommandSeal.Seal(payload, _keys.Client, _serverKey!, _nonces.Next());
        var message = new NetMQMessage(frames.Select(f => new NetMQFrame(f)));
        if (!_dealer.TrySendMultipartMessage(timeout, message)) return null;
        var deadline = DateTime.UtcNow + timeout;
        var parts = new List<byte[]>();
        while (_dealer.TryReceiveMultipartBytes(Remaining(deadline), ref parts))
        {
            // An answer to an earlier command that timed out is skipped.
            if (parts.Count == 1 && BusCodec.TryDecode<Reply>(parts[0], out _) is { } reply && (reply.RequestId == command.RequestId || reply.RequestId == 0))
                return reply;
        }
        return null;
    }

    private static TimeSpan Remaining(DateTime deadline) => deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    public void Dispose() => _dealer.Dispose();
}
