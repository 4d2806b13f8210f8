using System.Buffers;
using AlphaHost.Host.Bus;
using MessagePack;

namespace AlphaHost.Host.Tests.Bus;

/// <summary>The codes of a signal are remembered between ticks (per thread); every change must still come through exactly.</summary>
public class CodeListFormatterTests
{
    private static Signal RoundTrip(Signal signal) =>
        BusCodec.TryDecode<Signal>(BusCodec.Encode(signal), out var error) ?? throw new Xunit.Sdk.XunitException(error);

    private static Signal Of(List<string> codes) => new() { Model = "m", Codes = codes, Scores = codes.Select((_, i) => (float)i).ToList() };

    [Fact]
    public void EveryChangeOfTheUniverseBetweenTicksIsDecoded()
    {
        var universe = new List<string> { "600000.SH", "600001.SZ", "600002.SH", "600003.SZ" };
        List<string>[] ticks =
        [
            universe,
            universe,                                                   // same instances: cached bytes on both sides
            ["600000.SH", "600001.SZ", "600009.SH", "600003.SZ"],       // one code replaced, same length
            ["600000.SH", "600001.SZ"],                                 // shorter
            ["600000.SH", "600001.SZ", "600002.SH", "600003.SZ", "000001.SZ"], // longer
            [],
            ["中国平安", "600000.SH"],                                   // non-ASCII
            universe,
        ];
        foreach (var codes in ticks)
            Assert.Equal(codes, RoundTrip(Of(codes)).Codes);
    }

    [Fact]
    public void ListsTooLongToRememberStillRoundTrip()
    {
        var codes = Enumerable.Range(0, CodeListFormatter.MaxRemembered + 1).Select(i => $"{i:D6}.SH").ToList();
        Assert.Equal(codes, RoundTrip(Of(codes)).Codes);
        codes[^1] = "999999.SZ";
        Assert.Equal(codes, RoundTrip(Of(codes)).Codes);
    }

    [Fact]
    public void AListChangedInPlaceIsEncodedAnew()
    {
        var codes = new List<string> { "600000.SH", "600001.SZ" };
        Assert.Equal(codes, RoundTrip(Of(codes)).Codes);
        codes[1] = "000002.SZ";
        Assert.Equal(["600000.SH", "000002.SZ"], RoundTrip(Of(codes)).Codes);
        codes.Add("000003.SZ");
        Assert.Equal(["600000.SH", "000002.SZ", "000003.SZ"], RoundTrip(Of(codes)).Codes);
    }

    [Fact]
    public void DecodedListsAreTheCallersOwn()
    {
        var bytes = BusCodec.Encode(Of(["600000.SH", "600001.SZ"]));
        var first = BusCodec.TryDecode<Signal>(bytes, out _)!;
        first.Codes[0] = "changed";
        Assert.Equal(["600000.SH", "600001.SZ"], BusCodec.TryDecode<Signal>(bytes, out _)!.Codes);
    }

    [Fact]
    public void NilCodesAndAStringSplitAcrossSegmentsDecodeAsMessagePackWouldWithoutTheCache()
    {
        var map = new Dictionary<string, object?> { ["model"] = "m", ["codes"] = new object?[] { "600000.SH", null, "600002.SH" } };
        var bytes = MessagePackSerializer.Serialize(map);
        Assert.Equal(["600000.SH", null!, "600002.SH"], BusCodec.TryDecode<Signal>(bytes, out _)!.Codes);

        // Split inside the last code: the reader cannot hand it over as one span.
        var split = Array.LastIndexOf(bytes, (byte)'6') + 3;
        for (var round = 0; round < 2; round++)
        {
            var signal = MessagePackSerializer.Deserialize<Signal>(Segments(bytes[..split], bytes[split..]), BusCodec.Untrusted);
            Assert.Equal(["600000.SH", null!, "600002.SH"], signal.Codes);
        }
    }

    [Fact]
    public void TheSameListFromAnotherWriterIsReadFromTheRememberedBlock()
    {
        // Fresh string instances each time: the writer encodes anew, the reader meets the same bytes.
        for (var round = 0; round < 3; round++)
        {
            var codes = Enumerable.Range(0, 50).Select(i => $"{600000 + i}.SH").ToList();
            var decoded = RoundTrip(Of(codes)).Codes;
            Assert.Equal(codes, decoded);
            decoded.Add("extra"); // the caller's own list: the remembered block is not touched
        }
        var longer = Enumerable.Range(0, 51).Select(i => $"{600000 + i}.SH").ToList();
        Assert.Equal(longer, RoundTrip(Of(longer)).Codes);
        var shorter = Enumerable.Range(0, 49).Select(i => $"{600000 + i}.SH").ToList();
        Assert.Equal(shorter, RoundTrip(Of(shorter)).Codes);
    }

    [Fact]
    public void ABlockSplitAcrossSegmentsIsStillRecognisedOrReadAnew()
    {
        var bytes = BusCodec.Encode(Of(["600000.SH", "600001.SZ", "600002.SH"]));
        var split = Array.IndexOf(bytes, (byte)'6') + 2;
        for (var round = 0; round < 3; round++)
        {
            var signal = MessagePackSerializer.Deserialize<Signal>(round == 1 ? Segments(bytes[..split], bytes[split..]) : new ReadOnlySequence<byte>(bytes), BusCodec.Untrusted);
            Assert.Equal(["600000.SH", "600001.SZ", "600002.SH"], signal.Codes);
        }
    }

    [Fact]
    public void EachThreadHasItsOwnMemory()
    {
        var failures = 0;
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                List<string> codes = [$"{t}-{i % 3}", "600000.SH", $"{i}"];
                if (!codes.SequenceEqual(RoundTrip(Of(codes)).Codes)) Interlocked.Increment(ref failures);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(0, failures);
    }

    private static ReadOnlySequence<byte> Segments(byte[] first, byte[] second)
    {
        var head = new Segment(first, 0);
        var tail = head.Append(second);
        return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
