namespace AlphaHost.Sdk.Zmq;

/// <summary>libzmq socket types (values from zmq.h).</summary>
public enum ZmqSocketType
{
    Pair = 0,
    Pub = 1,
    Sub = 2,
    Req = 3,
    Rep = 4,
    Dealer = 5,
    Router = 6,
    Pull = 7,
    Push = 8,
    XPub = 9,
    XSub = 10,
}

/// <summary>Flags for <see cref="ZmqSocket.Send"/> (ZMQ_DONTWAIT, ZMQ_SNDMORE).</summary>
[Flags]
public enum SendFlags
{
    None = 0,
    DontWait = 1,
    More = 2,
}

/// <summary>Poll events (ZMQ_POLLIN, ZMQ_POLLOUT).</summary>
[Flags]
public enum PollEvents : short
{
    None = 0,
    In = 1,
    Out = 2,
}
