using NetMQ;
using NetMQ.Sockets;

namespace AlphaHost.Host.Bus;

public sealed record ControlOptions
{
    public string Endpoint { get; init; } = BusEndpoints.DefaultControl;

    /// <summary>The server's keys; required when the endpoint is not local or <see cref="RequireCurve"/> is set.</summary>
    public CurveKeyPair? ServerKeys { get; init; }

    /// <summary>Z85 public keys of the clients whose signed commands are obeyed.</summary>
    public IReadOnlyCollection<string> AllowedClientKeys { get; init; } = [];

    /// <summary>Demand CURVE and signed commands even on a loopback endpoint (a shared machine).</summary>
    public bool RequireCurve { get; init; }

    /// <summary>
    /// Options from config/CLI values: the server's NAME.key file and an allow-list file (see
    /// <see cref="CurveKeyFiles"/>). Either both or neither; giving them turns security on.
    /// </summary>
    public static ControlOptions Load(string endpoint, string? serverKeyFile, string? allowListFile)
    {
        if ((serverKeyFile is null) != (allowListFile is null))
            throw new ArgumentException("control security needs both a server key file and a client allow-list file, or neither");
        if (serverKeyFile is null) return new ControlOptions { Endpoint = endpoint };
        return new ControlOptions
        {
            Endpoint = endpoint,
            RequireCurve = true,
            ServerKeys = CurveKeyFiles.ReadSecret(serverKeyFile),
            AllowedClientKeys = CurveKeyFiles.ReadAllowList(allowListFile!).ToList(),
        };
    }
}

/// <summary>
/// The control socket: a NetMQ ROUTER on its own thread taking one <see cref="Command"/> per
/// message and answering with a <see cref="Reply"/>. Clients may be DEALER ([body]) or REQ
/// ([empty, body]). On loopback the body is the command; secure (off loopback) the socket is a
/// CURVE server and the body is a sealed command ([key, nonce, box], see <see cref="CommandSeal"/>)
/// from an allow-listed key. Every bad message is counted and answered with an error; the handler
/// never sees it.
/// </summary>
public sealed class ControlServer : IDisposable
{
    private readonly IControlHandler _handler;
    private readonly RouterSocket _router;
    private readonly CommandOpener? _opener;
    private readonly BusThread _thread = new("alphahost-control");
    private long _served, _malformed, _unknown, _refused, _replayed, _handlerFailures;

    public ControlServer(ControlOptions options, IControlHandler handler)
    {
        _handler = handler;
        var secure = options.RequireCurve || !BusEndpoints.IsLocal(options.Endpoint);
        if (secure)
        {
            BusEndpoints.RequireKeysOffLoopback(options.Endpoint, options.ServerKeys, "control");
            if (options.ServerKeys is null) throw new ArgumentException("control: CURVE was demanded but no server key was given");
            if (options.AllowedClientKeys.Count == 0)
                throw new ArgumentException($"control endpoint '{options.Endpoint}' is secured but the client allow-list is empty: nobody could command it");
            _opener = new CommandOpener(options.ServerKeys, options.AllowedClientKeys);
        }
        _router = new RouterSocket();
        try
        {
            _router.Options.MaxMsgSize = BusCodec.MaxFrameBytes;
            _router.Options.Linger = TimeSpan.Zero;
            if (secure)
            {
                _router.Options.CurveServer = true;
                _router.Options.CurveCertificate = options.ServerKeys!.Certificate;
            }
            _router.Bind(options.Endpoint);
            Endpoint = _router.Options.LastEndpoint!;
        }
        catch
        {
            _router.Dispose();
            throw;
        }
        IsSecure = secure;
        _thread.Add(_router, ServeWaiting);
        _thread.Start();
    }

    public string Endpoint { get; }

    /// <summary>True when the socket is a CURVE server and obeys only sealed commands from allow-listed keys.</summary>
    public bool IsSecure { get; }

    public ControlStats Stats => new(
        Interlocked.Read(ref _served), Interlocked.Read(ref _malformed), Interlocked.Read(ref _unknown),
        Interlocked.Read(ref _refused), Interlocked.Read(ref _replayed), Interlocked.Read(ref _handlerFailures),
        _thread.Failure);

    private void ServeWaiting()
    {
        var frames = new List<byte[]>();
        while (_router.TryReceiveMultipartBytes(ref frames)) Serve(frames);
    }

    private void Serve(List<byte[]> frames)
    {
        // frames[0] is the ROUTER's identity of the peer; a REQ peer adds an empty delimiter.
        var envelope = frames.Count > 1 && frames[1].Length == 0 ? 2 : 1;
        var reply = Answer(frames.Skip(envelope).ToList());
        var response = new NetMQMessage(frames.Take(envelope).Select(f => new NetMQFrame(f)));
        response.Append(BusCodec.Encode(reply));
        _router.TrySendMultipartMessage(response); // a vanished or stuck client loses its answer, nothing else
    }

    private Reply Answer(List<byte[]> body)
    {
        if (body.Sum(f => (long)f.Length) > BusCodec.MaxCommandBytes)
            return Count(ref _malformed, Reply.Refused(0, $"a command may take {BusCodec.MaxCommandBytes} bytes; got {body.Sum(f => (long)f.Length)}"));
        if (!TryUnseal(body, out var payload, out var refusal)) return refusal;
        if (BusCodec.TryDecode<Command>(payload, out var error) is not { } command)
            return Count(ref _malformed, Reply.Refused(0, error));
        var requestId = command.RequestId ?? 0;
        var (problem, why) = CommandRules.Check(command);
        if (problem == CommandProblem.Unknown) return Count(ref _unknown, Reply.Refused(requestId, why));
        if (problem == CommandProblem.Malformed) return Count(ref _malformed, Reply.Refused(requestId, why));
        try
        {
            var reply = _handler.Handle(command);
            reply.RequestId = requestId;
            Interlocked.Increment(ref _served);
            return reply;
        }
        catch (Exception e)
        {
            return Count(ref _handlerFailures, Reply.Refused(requestId, $"{command.Kind} failed: {e.Message}"));
        }
    }

    private bool TryUnseal(List<byte[]> body, out byte[] payload, out Reply refusal)
    {
        payload = [];
        refusal = null!;
        if (_opener is null)
        {
            if (body.Count == 1)
            {
                payload = body[0];
                return true;
            }
            refusal = Count(ref _malformed, Reply.Refused(0, $"expected one frame holding the command; got {body.Count}"));
            return false;
        }
        if (body.Count != 3)
        {
            refusal = Count(ref _refused, Reply.Refused(0, "this control socket obeys only signed commands: [client public key, nonce, crypto_box]"));
            return false;
        }
        var verdict = _opener.Open(body[0], body[1], body[2], out payload);
        refusal = verdict switch
        {
            SealVerdict.Opened => null!,
            SealVerdict.Replayed => Count(ref _replayed, Reply.Refused(0, "replayed command: its nonce is not above the last one of this key")),
            SealVerdict.NotAllowed => Count(ref _refused, Reply.Refused(0, "client key not on the allow-list")),
            _ => Count(ref _refused, Reply.Refused(0, "the command's box does not open with the key it names")),
        };
        return verdict == SealVerdict.Opened;
    }

    private static Reply Count(ref long counter, Reply reply)
    {
        Interlocked.Increment(ref counter);
        return reply;
    }

    public void Dispose() => _thread.Dispose();
}
