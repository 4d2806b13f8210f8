namespace AlphaHost.Host.Bus;

/// <summary>Default bus endpoints and the rule for what counts as reachable only from this machine.</summary>
public static class BusEndpoints
{
    public const string DefaultPublish = "tcp://127.0.0.1:5556";
    public const string DefaultControl = "tcp://127.0.0.1:5557";

    private static readonly string[] LoopbackHosts = ["127.0.0.1", "localhost", "[::1]", "::1"];

    /// <summary>
    /// True for inproc/ipc and for tcp on a loopback address. Anything else (0.0.0.0, *, an
    /// interface name, another address) is reachable from the network and needs CURVE.
    /// </summary>
    public static bool IsLocal(string endpoint)
    {
        if (endpoint.StartsWith("inproc://", StringComparison.Ordinal) || endpoint.StartsWith("ipc://", StringComparison.Ordinal))
            return true;
        const string tcp = "tcp://";
        if (!endpoint.StartsWith(tcp, StringComparison.Ordinal)) return false;
        var hostAndPort = endpoint[tcp.Length..];
        var colon = hostAndPort.LastIndexOf(':');
        var host = colon < 0 ? hostAndPort : hostAndPort[..colon];
        return LoopbackHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Refuses an endpoint reachable from the network when no server keys are given.</summary>
    public static void RequireKeysOffLoopback(string endpoint, CurveKeyPair? serverKeys, string what)
    {
        if (serverKeys is null && !IsLocal(endpoint))
            throw new ArgumentException(
                $"{what} endpoint '{endpoint}' is reachable from the network, so it needs CURVE: " +
                "give the server secret key (make one with `alphahost keys new`)");
    }
}
