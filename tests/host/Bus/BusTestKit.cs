using System.Text;
using AlphaHost.Host.Bus;
using NetMQ;
using NetMQ.Sockets;

namespace AlphaHost.Host.Tests.Bus;

/// <summary>Helpers shared by the bus tests: bounded waits, signals and a plain SUB client.</summary>
internal static class BusTestKit
{
    public const string Loopback = "tcp://127.0.0.1:*";
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Polls <paramref name="condition"/> until true; fails the test after 10 s so nothing hangs.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        for (var i = 0; i < 2000; i++)
        {
            if (condition()) return;
            Thread.Sleep(5);
        }
        Assert.Fail($"timed out waiting for {what}");
    }

    /// <summary>Stock i scores i/1000, so the top codes are the highest numbers.</summary>
    public static Signal MakeSignal(string model, long tick, int stocks) => new()
    {
        Model = model, PluginVersion = "1.0.0", TradingDate = "2024-01-31", Tick = tick,
        Codes = Enumerable.Range(0, stocks).Select(i => $"S{i:D6}").ToList(),
        Scores = Enumerable.Range(0, stocks).Select(i => i * 0.001f).ToList(),
    };

    /// <summary>A SUB socket; <paramref name="stalls"/> shrinks its queue and kernel buffer so it fills fast when never read.</summary>
    public static SubscriberSocket Subscribe(string endpoint, string prefix, bool stalls = false, byte[]? serverKey = null)
    {
        var sub = new SubscriberSocket();
        sub.Options.Linger = TimeSpan.Zero;
        if (stalls)
        {
            sub.Options.ReceiveHighWatermark = 1;
            sub.Options.ReceiveBuffer = 64 * 1024;
        }
        if (serverKey is not null)
        {
            sub.Options.CurveServerKey = serverKey;
            sub.Options.CurveCertificate = new NetMQCertificate();
        }
        sub.Subscribe(prefix);
        sub.Connect(endpoint);
        return sub;
    }

    /// <summary>Next [topic, payload] message, or null if none came within <paramref name="timeout"/> (5 s).</summary>
    public static (string Topic, byte[] Payload)? Next(SubscriberSocket sub, TimeSpan? timeout = null)
    {
        var frames = new List<byte[]>();
        if (!sub.TryReceiveMultipartBytes(timeout ?? ReceiveTimeout, ref frames)) return null;
        Assert.Equal(2, frames.Count);
        return (Encoding.UTF8.GetString(frames[0]), frames[1]);
    }

    public static (string Topic, T Message) NextAs<T>(SubscriberSocket sub) where T : class
    {
        var (topic, payload) = Next(sub) ?? throw new Xunit.Sdk.XunitException("no message within the receive timeout");
        return (topic, BusCodec.TryDecode<T>(payload, out var error) ?? throw new Xunit.Sdk.XunitException(error));
    }
}
