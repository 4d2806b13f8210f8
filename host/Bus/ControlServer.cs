using AlphaHost.Sdk.Protocol;
using AlphaHost.Sdk.Zmq;
using Google.Protobuf;

namespace AlphaHost.Host.Bus;

public sealed record ControlOptions
{
    public string Endpoint { get; init; } = BusEndpoints.DefaultControl;

    /// <summary>The server's CURVE keys; required when the endpoint is not local or <see cref="RequireCurve"/> is set.</summary>
    public CurveKeyPair? ServerKeys { get; init; }

    /// <summary>Z85 public keys of clients allowed in under CURVE.</summary>
    public IReadOnlyCollection<string> AllowedClientKeys { get; init; } = [];

    /// <summary>Demand CURVE even on a loopback endpoint (a shared machine).</summary>
    public bool RequireCurve { get; init; }

    /// <summary>
    /// Options from config/CLI values: the server's NAME.key file and an allow-list file (see
    /// <see cref="CurveKeyFiles"/>). Either both or neither; giving them turns CURVE on.
    /// </summary>
    public static ControlOptions Load(string endpoint, string? serverKeyFile, string? allowListFile)
    {
        if ((serverKeyFile is null) != (allowListFile is null))
            throw new ArgumentException("control CURVE needs both a server key file and a client allow-list file, or neither");
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
/// The control socket: a ROUTER on its own thread taking one <see cref="Command"/> per message
/// and answering with a <see cref="Reply"/>. Clients may be DEALER ([payload]) or REQ ([empty,
/// payload]). Anything else, or a payload that is not a Command, is dropped and counted.
/// Off loopback it accepts only CURVE clients on the allow-list (ZAP, <see cref="ZapAuthenticator"/>).
/// </summary>
public sealed class ControlServer : IDisposable
{
    private readonly IControlHandler _handler;
    private readonly ZmqSocket _router;
    private readonly ZapAuthenticator? _zap;
    private readonly SocketLoop _loop;
    private long _served, _malformed, _handlerFailures;

    public ControlServer(ZmqContext context, ControlOptions options, IControlHandler handler)
    {
        _handler = handler;
        var curve = options.RequireCurve || !BusEndpoints.IsLocal(options.Endpoint);
        if (curve) RequireKeys(options);
        var created = new List<IDisposable>();
        try
        {
            // The ZAP handler must be listening before the first client handshakes.
            if (curve) created.Add(_zap = new ZapAuthenticator(context, options.AllowedClientKeys));
            _router = context.CreateSocket(ZmqSocketType.Router);
            created.Add(_router);
            if (curve)
            {
                _router.SetOption(ZmqOption.ZapDomain, ZapAuthenticator.Domain);
                _router.SetOption(ZmqOption.CurveServer, 1);
                _router.SetOption(ZmqOption.CurveSecretKey, options.ServerKeys!.SecretKey);
            }
            _router.Bind(options.Endpoint);
            Endpoint = _router.LastEndpoint;
            _loop = new SocketLoop(context, "alphahost-control");
        }
        catch
        {
            foreach (var d in created) d.Dispose();
            throw;
        }
        IsCurve = curve;
        _loop.On(_router, ServeWaiting);
        _loop.Start();
    }

    public string Endpoint { get; }
    public bool IsCurve { get; }

    public ControlStats Stats => new(
        Interlocked.Read(ref _served),
        Interlocked.Read(ref _malformed),
        _zap?.Refused ?? 0,
        Interlocked.Read(ref _handlerFailures),
        _loop.Failure?.Message);

    private static void RequireKeys(ControlOptions options)
    {
        if (options.ServerKeys is null)
            throw new ArgumentException(
                $"control endpoint '{options.Endpoint}' is reachable from the network, so it needs CURVE: " +
                "give the server secret key (make one with `alphahost keys new`) and an allow-list of client public keys");
        if (options.AllowedClientKeys.Count == 0)
            throw new ArgumentException($"control endpoint '{options.Endpoint}' uses CURVE but the client allow-list is empty: nobody could connect");
    }

    private void ServeWaiting()
    {
        while (_router.ReceiveMultipart(dontWait: true) is { } frames) Serve(frames);
    }

    private void Serve(List<byte[]> frames)
    {
        // [identity, payload] from DEALER, [identity, "", payload] from REQ.
        var envelope = frames.Count == 3 && frames[1].Length == 0 ? 2 : frames.Count == 2 ? 1 : -1;
        if (envelope < 0 || !TryParse(frames[envelope], out var command))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }
        var reply = Answer(command);
        var response = frames.Take(envelope).Append(reply.ToByteArray()).ToList();
        Interlocked.Increment(ref _served); // before sending: whoever reads the reply sees the count
        _router.SendMultipart(response, dontWait: true); // a vanished or stuck client loses its answer, nothing else
    }

    private static bool TryParse(byte[] payload, out Command command)
    {
        try
        {
            command = Command.Parser.ParseFrom(payload);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            command = null!;
            return false;
        }
    }

    private Reply Answer(Command command)
    {
        if (command.KindCase == Command.KindOneofCase.None)
            return new Reply { RequestId = command.RequestId, Ok = false, Error = "no command kind this host knows was set" };
        try
        {
            var reply = _handler.Handle(command);
            reply.RequestId = command.RequestId;
            return reply;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _handlerFailures);
            return new Reply { RequestId = command.RequestId, Ok = false, Error = $"{command.KindCase} failed: {e.Message}" };
        }
    }

    public void Dispose()
    {
        _loop.Dispose();
        _zap?.Dispose();
    }
}
