using System.Buffers;
using System.Text;
using MessagePack;
using MessagePack.Formatters;

namespace AlphaHost.Host.Bus;

/// <summary>
/// A signal's codes, on the wire a plain [str]. The universe is the same tick after tick and
/// encoding/decoding 5,000 strings was most of a signal's codec time (and 240 KB of garbage per
/// decode), so each thread remembers the last list it wrote or read: the writer reuses the bytes
/// while the host passes the same string instances, the reader reuses the strings while the bytes
/// match. Anything else takes the ordinary path.
/// </summary>
public sealed class CodeListFormatter : IMessagePackFormatter<List<string>>
{
    /// <summary>Longer lists are not remembered: bounds what hostile input can make a thread keep.</summary>
    public const int MaxRemembered = 20_000;

    [ThreadStatic] private static (string[] Codes, byte[] Encoded)? t_written;
    [ThreadStatic] private static ReadCache? t_read;

    public void Serialize(ref MessagePackWriter writer, List<string>? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        if (t_written is not { } last || !SameInstances(last.Codes, value))
        {
            var buffer = new ArrayBufferWriter<byte>(value.Count * 12 + 5);
            var fresh = new MessagePackWriter(buffer);
            fresh.WriteArrayHeader(value.Count);
            foreach (var code in value) fresh.Write(code);
            fresh.Flush();
            last = (value.ToArray(), buffer.WrittenSpan.ToArray());
            if (value.Count <= MaxRemembered) t_written = last;
        }
        writer.WriteRaw(last.Encoded);
    }

    // Strings are immutable: the same instances encode to the same bytes.
    private static bool SameInstances(string[] last, List<string> value)
    {
        if (last.Length != value.Count) return false;
        for (var i = 0; i < last.Length; i++)
            if (!ReferenceEquals(last[i], value[i])) return false;
        return true;
    }

    public List<string> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null!;
        var start = reader.Position;
        var cache = t_read;
        // The whole list as last time, byte for byte (one vectorised compare instead of one per code):
        // msgpack is self-delimiting, so the same leading bytes are the same array.
        if (cache?.Block is { } block && StartsWith(reader.Sequence.Slice(start), block.Encoded))
        {
            reader.ReadRaw(block.Encoded.Length);
            return new List<string>(block.Codes);
        }
        var count = reader.ReadArrayHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            cache = count <= MaxRemembered ? t_read ??= new ReadCache() : null;
            var list = new List<string>(count);
            var whole = true; // every code a string in one span: the list can be remembered as one block
            for (var i = 0; i < count; i++)
            {
                if (!reader.TryReadStringSpan(out var utf8))
                {
                    list.Add(reader.ReadString()!); // nil, or split across buffer segments: not remembered
                    cache?.Forget(i);
                    whole = false;
                    continue;
                }
                list.Add(cache is null ? Encoding.UTF8.GetString(utf8) : cache.Get(i, utf8));
            }
            if (cache is not null)
            {
                cache.Truncate(count);
                cache.Block = whole ? (reader.Sequence.Slice(start, reader.Position).ToArray(), list.ToArray()) : null;
            }
            return list;
        }
        finally
        {
            reader.Depth--;
        }
    }

    private static bool StartsWith(ReadOnlySequence<byte> rest, byte[] prefix)
    {
        if (rest.Length < prefix.Length) return false;
        var head = rest.Slice(0, prefix.Length);
        return head.IsSingleSegment ? head.FirstSpan.SequenceEqual(prefix) : head.ToArray().AsSpan().SequenceEqual(prefix);
    }

    private sealed class ReadCache
    {
        private readonly List<(byte[] Utf8, string Code)?> _entries = [];

        /// <summary>The last list read in full: its msgpack bytes (header included) and its strings.</summary>
        public (byte[] Encoded, string[] Codes)? Block;

        public string Get(int i, ReadOnlySpan<byte> utf8)
        {
            if (i < _entries.Count && _entries[i] is { } hit && utf8.SequenceEqual(hit.Utf8)) return hit.Code;
            var code = Encoding.UTF8.GetString(utf8);
            if (i < _entries.Count) _entries[i] = (utf8.ToArray(), code);
            else _entries.Add((utf8.ToArray(), code));
            return code;
        }

        public void Forget(int i)
        {
            if (i < _entries.Count) _entries[i] = null;
            else _entries.Add(null);
        }

        public void Truncate(int count)
        {
            if (_entries.Count > count) _entries.RemoveRange(count, _entries.Count - count);
        }
    }
}
