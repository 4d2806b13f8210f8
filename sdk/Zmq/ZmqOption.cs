namespace AlphaHost.Sdk.Zmq;

/// <summary>Socket options this project uses (values from zmq.h). Integer unless noted.</summary>
public enum ZmqOption
{
    RoutingId = 5,            // bytes
    Subscribe = 6,            // bytes (topic prefix)
    Unsubscribe = 7,          // bytes
    SendBuffer = 11,          // bytes of kernel socket buffer (SO_SNDBUF); 0 = OS default
    ReceiveBuffer = 12,       // SO_RCVBUF
    ReceiveMore = 13,
    Type = 16,
    Linger = 17,              // ms; -1 = wait for ever at close
    ReconnectInterval = 18,   // ms
    SendHighWaterMark = 23,   // messages
    ReceiveHighWaterMark = 24,
    ReceiveTimeout = 27,      // ms; -1 = block
    SendTimeout = 28,
    LastEndpoint = 32,        // string
    RouterMandatory = 33,
    Immediate = 39,
    XPubVerbose = 40,
    Mechanism = 43,           // 0 NULL, 1 PLAIN, 2 CURVE
    CurveServer = 47,
    CurvePublicKey = 48,      // Z85 string or 32 bytes
    CurveSecretKey = 49,
    CurveServerKey = 50,
    ZapDomain = 55,           // string
    XPubNoDrop = 69,
    XPubVerboser = 78,
}
