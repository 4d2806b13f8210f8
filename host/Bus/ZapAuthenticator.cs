using System.Text;
using AlphaHost.Sdk.Zmq;

namespace AlphaHost.Host.Bus;

/// <summary>
/// libzmq's ZAP handler (RFC 27) for one context: a REP socket on inproc://zeromq.zap.01 that
/// libzmq asks about every CURVE handshake. Clients of <see cref="Domain"/> are admitted only if
/// their public key is on the allow-list; other domains are not ours to judge and are admitted.
/// </summary>
public sealed class ZapAuthenticator : IDisposable
{
    public const string Domain = "alphahost.control";
    private const string ZapEndpoint = "inproc://zeromq.zap.01";
    private readonly HashSet<string> _allowed;
    private readonly ZmqSocket _handler;
    private readonly SocketLoop _loop;
    private long _allowedCount, _refusedCount;

    public ZapAuthenticator(ZmqContext context, IEnumerable<string> allowedClientKeys)
    {
        _allowed = allowedClientKeys.ToHashSet(StringComparer.Ordinal);
        foreach (var key in _allowed) Z85.RequireKey(key, "allowed client key");
        _handler = context.CreateSocket(ZmqSocketType.Rep);
        try
        {
            _handler.Bind(ZapEndpoint);
            _loop = new SocketLoop(context, "alphahost-zap");
        }
        catch
        {
            _handler.Dispose();
            throw;
        }
        _loop.On(_handler, Answer);
        _loop.Start();
    }

    public long Admitted => Interlocked.Read(ref _allowedCount);
    public long Refused => Interlocked.Read(ref _refusedCount);

    // Request: version, request id, domain, address, routing id, mechanism, credentials...
    // Reply: version, request id, status code, status text, user id, metadata.
    private void Answer()
    {
        var request = _handler.ReceiveMultipart(dontWait: true);
        if (request is null) return;
        var (ok, reason, user) = Judge(request);
        if (ok) Interlocked.Increment(ref _allowedCount);
        else Interlocked.Increment(ref _refusedCount);
        var requestId = request.Count > 1 ? request[1] : [];
        _handler.SendMultipart([
            "1.0"u8.ToArray(), requestId, Encoding.ASCII.GetBytes(ok ? "200" : "400"),
            Encoding.UTF8.GetBytes(reason), Encoding.UTF8.GetBytes(user), []]);
    }

    private (bool Ok, string Reason, string User) Judge(List<byte[]> request)
    {
        if (request.Count < 6 || Encoding.ASCII.GetString(request[0]) != "1.0") return (false, "malformed ZAP request", "");
        if (Encoding.UTF8.GetString(request[2]) != Domain) return (true, "OK", "");
        if (Encoding.ASCII.GetString(request[5]) != "CURVE" || request.Count < 7 || request[6].Length != 32)
            return (false, "CURVE required", "");
        var clientKey = Z85.Encode(request[6]);
        return _allowed.Contains(clientKey) ? (true, "OK", clientKey) : (false, "client key not on the allow-list", "");
    }

    public void Dispose() => _loop.Dispose();
}
