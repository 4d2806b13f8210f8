using System.Text;
using AlphaHost.Sdk.Protocol;
using AlphaHost.Sdk.Zmq;

namespace AlphaHost.Host.Tests.Bus;

/// <summary>Helpers shared by the bus tests: bounded waits and a plain SUB client.</summary>
internal static class BusTestKit
{
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

    public static Signal MakeSignal(string model, ulong tick, int stocks)
    {
        var signal = new Signal { Model = model, PluginVersion = "1.0.0", TradingDate = "2024-01-31", Tick = tick };
        for (var i = 0; i < stocks; i++)
        {
            signal.Codes.Add($"S{i:D6}");
            signal.Scores.Add(i * 0.001f);
        }
        return signal;
    }

    /// <summary>A SUB socket; <paramref name="stalls"/> shrinks its queue and kernel buffer so it fills fast when never read.</summary>
    public static ZmqSocket Subscribe(ZmqContext context, string endpoint, string prefix, bool stalls = false)
    {
        var sub = context.CreateSocket(ZmqSocketType.Sub);
        if (stalls)
        {
            sub.ReceiveHighWaterMark = 1;
            sub.SetOption(ZmqOption.ReceiveBuffer, 64 * 1024);
        }
        sub.ReceiveTimeout = 5000;
        sub.Subscribe(prefix);
        sub.Connect(endpoint);
        return sub;
    }

    /// <summary>Next [topic, payload] message, or null if none came within the socket's receive timeout.</summary>
    public static (string Topic, byte[] Payload)? Next(ZmqSocket sub)
    {
        var frames = sub.ReceiveMultipart();
        if (frames is null) return null;
        Assert.Equal(2, frames.Count);
        return (Encoding.UTF8.GetString(frames[0]), frames[1]);
    }

    public static (string Topic, Signal Signal) NextSignal(ZmqSocket sub)
    {
        var message = Next(sub) ?? throw new Xunit.Sdk.XunitException("no message within the receive timeout");
        return (message.Topic, Signal.Parser.ParseFrom(message.Payload));
    }
}
