using System.Text;
using AlphaHost.Sdk.Zmq;

namespace AlphaHost.Sdk.Tests.Zmq;

public class CurveTests
{
    [Fact]
    public void Z85MatchesTheSpecificationsTestVector()
    {
        // ZeroMQ RFC 32 (Z85): these 8 bytes encode to "HelloWorld".
        byte[] bytes = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];
        Assert.Equal("HelloWorld", Z85.Encode(bytes));
        Assert.Equal(bytes, Z85.Decode("HelloWorld"));
    }

    [Fact]
    public void Z85RejectsBadLengths()
    {
        Assert.Throws<ArgumentException>(() => Z85.Encode(new byte[3]));
        Assert.Throws<FormatException>(() => Z85.Decode("abcd"));
        var error = Assert.Throws<FormatException>(() => Z85.RequireKey("short", "client key"));
        Assert.Contains("client key", error.Message);
    }

    [Fact]
    public void KeyPairIsRecoveredFromItsSecretKey()
    {
        var pair = CurveKeyPair.Generate();
        Assert.Equal(40, pair.PublicKey.Length);
        Assert.Equal(32, Z85.Decode(pair.SecretKey).Length);
        Assert.NotEqual(pair.PublicKey, pair.SecretKey);
        Assert.Equal(pair, CurveKeyPair.FromSecretKey(pair.SecretKey));
    }

    [Fact]
    public void CurveClientTalksToServerOnlyWithTheRightServerKey()
    {
        Assert.True(ZmqContext.Has("curve"));
        var server = CurveKeyPair.Generate();
        var client = CurveKeyPair.Generate();
        var impostor = CurveKeyPair.Generate();
        using var context = new ZmqContext();
        using var pull = context.CreateSocket(ZmqSocketType.Pull);
        pull.SetOption(ZmqOption.CurveServer, 1);
        pull.SetOption(ZmqOption.CurveSecretKey, server.SecretKey);
        pull.Bind("tcp://127.0.0.1:*");
        pull.ReceiveTimeout = 300;

        using (var wrong = CurvePush(context, client, impostor.PublicKey, pull.LastEndpoint))
        {
            wrong.Send("should not arrive", SendFlags.DontWait);
            Assert.Null(pull.Receive(out _));
        }

        using var right = CurvePush(context, client, server.PublicKey, pull.LastEndpoint);
        right.SendTimeout = 5000;
        Assert.True(right.Send("hello"));
        pull.ReceiveTimeout = 5000;
        Assert.Equal("hello", Encoding.UTF8.GetString(pull.Receive(out _)!));
        Assert.Equal(2, pull.GetInt(ZmqOption.Mechanism)); // ZMQ_CURVE
    }

    private static ZmqSocket CurvePush(ZmqContext context, CurveKeyPair client, string serverKey, string endpoint)
    {
        var push = context.CreateSocket(ZmqSocketType.Push);
        push.SetOption(ZmqOption.CurveServerKey, serverKey);
        push.SetOption(ZmqOption.CurvePublicKey, client.PublicKey);
        push.SetOption(ZmqOption.CurveSecretKey, client.SecretKey);
        push.Connect(endpoint);
        return push;
    }
}
