using AlphaHost.Host.Bus;
using MessagePack;
using MessagePack.Formatters;

namespace AlphaHost.Host.Tests.Bus;

/// <summary>Scores go through their own formatter: the wire stays MessagePack's own [float32].</summary>
public class ScoreListFormatterTests
{
    private static readonly float[] Awkward =
        [0f, -0f, 1.5f, -2.25f, float.MaxValue, float.MinValue, float.Epsilon, float.PositiveInfinity, float.NegativeInfinity, 1e-30f, 123456.78f];

    [Fact]
    public void WritesTheBytesMessagePacksOwnListFormatterWrites()
    {
        var scores = Awkward.ToList();
        var ours = Write(new ScoreListFormatter(), scores);
        var theirs = Write((IMessagePackFormatter<List<float>>)new ListFormatter<float>()!, scores);
        Assert.Equal(theirs, ours);
        Assert.Equal(Write((IMessagePackFormatter<List<float>>)new ListFormatter<float>()!, []), Write(new ScoreListFormatter(), []));
    }

    [Fact]
    public void SignalScoresRoundTripBitForBit()
    {
        var signal = new Signal { Model = "m", Codes = Awkward.Select((_, i) => $"{i:D6}.SH").ToList(), Scores = [.. Awkward, float.NaN] };
        signal.Codes.Add("NAN.SH");
        var decoded = BusCodec.TryDecode<Signal>(BusCodec.Encode(signal), out var error) ?? throw new Xunit.Sdk.XunitException(error);
        Assert.Equal(signal.Scores.Select(BitConverter.SingleToInt32Bits), decoded.Scores.Select(BitConverter.SingleToInt32Bits));
        Assert.Empty(BusCodec.TryDecode<Signal>(BusCodec.Encode(new Signal()), out _)!.Scores);
    }

    [Fact]
    public void OtherClientsNumbersAreReadAsMessagePackWould()
    {
        // Another client may send float64s, integers or a nil list; only the fast path is ours.
        var map = new Dictionary<string, object?> { ["model"] = "m", ["scores"] = new object[] { 1.5, 2, -3, 0.25f } };
        Assert.Equal([1.5f, 2f, -3f, 0.25f], BusCodec.TryDecode<Signal>(MessagePackSerializer.Serialize(map), out _)!.Scores);
        var nil = new Dictionary<string, object?> { ["model"] = "m", ["scores"] = null };
        Assert.Null(BusCodec.TryDecode<Signal>(MessagePackSerializer.Serialize(nil), out _)!.Scores);
    }

    [Fact]
    public void TruncatedOrHostileListsAreRefusedNotAllocated()
    {
        var bytes = BusCodec.Encode(new Signal { Model = "m", Scores = [1f, 2f, 3f] });
        Assert.Null(BusCodec.TryDecode<Signal>(bytes[..^3], out var truncated));
        Assert.Contains("Signal", truncated);

        // An array header announcing 2^32-1 scores with nothing behind it.
        var map = MessagePackSerializer.Serialize(new Dictionary<string, object?> { ["scores"] = null });
        var hostile = map[..^1].Concat(new byte[] { 0xdd, 0xff, 0xff, 0xff, 0x7f }).ToArray();
        Assert.Null(BusCodec.TryDecode<Signal>(hostile, out var error));
        Assert.NotEqual("", error);
    }

    private static byte[] Write(IMessagePackFormatter<List<float>> formatter, List<float> scores)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        formatter.Serialize(ref writer, scores, BusCodec.Untrusted);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
