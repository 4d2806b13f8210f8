using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace AlphaHost.Host.Cluster;

/// <summary>
/// `--cluster redis://HOST:PORT`: the Redis server that holds the cluster's membership table (Orleans'
/// Redis clustering). Workers and clients that name the same Redis form one cluster.
/// </summary>
public sealed record ClusterAddress(string Host, int Port)
{
    public const string ClusterId = "alphahost";
    public const string ServiceId = "alphahost-fits";

    public static ClusterAddress Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException($"--cluster {text}: expected redis://HOST:PORT, e.g. redis://127.0.0.1:6379");
        return new ClusterAddress(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
    }

    /// <summary>True when Redis is on this machine: the silo then advertises the loopback address.</summary>
    public bool IsLoopback => Host == "localhost" || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    public ConfigurationOptions Redis()
    {
        var options = ConfigurationOptions.Parse($"{Host}:{Port}");
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 3000;
        options.ConnectRetry = 1;
        return options;
    }

    /// <summary>Throws with a one-line reason when Redis does not answer (instead of Orleans retrying for minutes).</summary>
    public void RequireReachable()
    {
        try
        {
            using var redis = ConnectionMultiplexer.Connect(Redis());
            redis.GetDatabase().Ping();
        }
        catch (Exception e) when (e is RedisException or SocketException or TimeoutException)
        {
            throw new ClusterException($"cannot reach Redis at {this}: {FirstLine(e.Message)}");
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    public override string ToString() => $"redis://{Host}:{Port}";
}

/// <summary>A cluster problem the user must fix (Redis down, no worker); the commands print its message as their one line.</summary>
public sealed class ClusterException(string message, Exception? inner = null) : Exception(message, inner);
