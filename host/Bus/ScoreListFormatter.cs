using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Formatters;

namespace AlphaHost.Host.Bus;

/// <summary>
/// A signal's scores, on the wire a plain [float32], the same bytes MessagePack's own list formatter
/// writes. That one makes an interface call and a buffer request per element (5,000 per signal); this
/// writes and reads the whole array in one span. A list whose elements are not all float32 (another
/// client's float64 or integers) is read element by element as MessagePack would.
/// </summary>
public sealed class ScoreListFormatter : IMessagePackFormatter<List<float>>
{
    private const int ElementBytes = 5; // 0xca + big-endian float32

    public void Serialize(ref MessagePackWriter writer, List<float>? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        var scores = CollectionsMarshal.AsSpan(value);
        writer.WriteArrayHeader(scores.Length);
        if (scores.Length == 0) return;
        var span = writer.GetSpan(scores.Length * ElementBytes);
        for (var i = 0; i < scores.Length; i++)
        {
            var element = span.Slice(i * ElementBytes, ElementBytes);
            element[0] = MessagePackCode.Float32;
            BinaryPrimitives.WriteSingleBigEndian(element[1..], scores[i]);
        }
        writer.Advance(scores.Length * ElementBytes);
    }

    public List<float> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        var count = reader.ReadArrayHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            // Every element takes a byte at least: a hostile count fails here, before it allocates.
            if (count > reader.Sequence.Length - reader.Consumed) throw new EndOfStreamException($"{count} scores announced, fewer bytes left");
            var list = new List<float>(count);
            CollectionsMarshal.SetCount(list, count);
            var scores = CollectionsMarshal.AsSpan(list);
            var rest = reader.Sequence.Slice(reader.Position).FirstSpan;
            if ((long)count * ElementBytes <= rest.Length && AllFloat32(rest[..(count * ElementBytes)], count))
            {
                for (var i = 0; i < count; i++) scores[i] = BinaryPrimitives.ReadSingleBigEndian(rest.Slice(i * ElementBytes + 1, 4));
                reader.ReadRaw(count * ElementBytes);
            }
            else
            {
                for (var i = 0; i < count; i++) scores[i] = reader.ReadSingle();
            }
            return list;
        }
        finally
        {
            reader.Depth--;
        }
    }

    private static bool AllFloat32(ReadOnlySpan<byte> elements, int count)
    {
        for (var i = 0; i < count; i++)
            if (elements[i * ElementBytes] != MessagePackCode.Float32) return false;
        return true;
    }
}
