using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace AlphaHost.Sdk.Data;

/// <summary>A float32 array in C order, as stored in a .npy file.</summary>
public sealed record NpyArray(long[] Shape, float[] Data)
{
    public long Count => Data.LongLength;
}

/// <summary>
/// Strict reader and writer of NumPy's .npy format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
/// magic "\x93NUMPY", version byte pair, header length (uint16 LE for 1.0, uint32 LE for 2.0), an ASCII
/// Python dict literal with exactly 'descr', 'fortran_order' and 'shape', then the raw data.
/// Only little-endian float32 ('&lt;f4') in C order is read; anything else is refused rather than guessed.
/// </summary>
public static class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const string Float32Descr = "<f4";
    // numpy aligns the data start to 64 bytes so the array can be memory-mapped aligned.
    private const int Alignment = 64;

    /// <summary>Reads a little-endian float32 C-order array; throws <see cref="InvalidDataException"/> naming the file and what was expected.</summary>
    public static NpyArray ReadFloat32(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path}: no such .npy file", path, e);
        }
        return ParseFloat32(bytes, path);
    }

    /// <summary>Parses the bytes of a .npy file; <paramref name="source"/> names it in errors.</summary>
    public static NpyArray ParseFloat32(ReadOnlySpan<byte> bytes, string source)
    {
        InvalidDataException Bad(string what) => new($"{source}: {what}");

        if (bytes.Length < Magic.Length + 2 || !bytes[..Magic.Length].SequenceEqual(Magic))
            throw Bad("not a .npy file (expected the magic bytes \\x93NUMPY at the start)");
        byte major = bytes[6], minor = bytes[7];
        int lengthSize = (major, minor) switch
        {
            (1, 0) => 2,
            (2, 0) => 4,
            _ => throw Bad($".npy format version {major}.{minor} is not supported (expected 1.0 or 2.0)"),
        };
        int headerStart = 8 + lengthSize;
        if (bytes.Length < headerStart) throw Bad("truncated header length");
        long headerLength = lengthSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (headerStart + headerLength > bytes.Length) throw Bad($"header of {headerLength} bytes runs past the end of the file ({bytes.Length} bytes)");
        var headerBytes = bytes.Slice(headerStart, (int)headerLength);
        foreach (var b in headerBytes)
            if (b > 0x7f) throw Bad("header is not ASCII (expected a Python dict literal)");
        var header = NpyHeader.Parse(Encoding.ASCII.GetString(headerBytes), source);

        if (header.Descr != Float32Descr)
            throw Bad($"dtype '{header.Descr}' is not supported (expected little-endian float32 '{Float32Descr}')");
        if (header.FortranOrder)
            throw Bad("array is in Fortran order (expected C order: fortran_order False; save with np.ascontiguousarray)");

        long count = 1;
        foreach (var d in header.Shape) count = checked(count * d);
        var data = bytes[(headerStart + (int)headerLength)..];
        if (data.Length != count * sizeof(float))
            throw Bad($"data holds {data.Length} bytes, expected {count * sizeof(float)} for shape ({string.Join(", ", header.Shape)}) of '{Float32Descr}'");
        var values = new float[count];
        data.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian)
            for (long i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(int)(i * 4)..]);
        return new NpyArray(header.Shape, values);
    }

    /// <summary>Writes a little-endian float32 C-order array (format 1.0, or 2.0 when the header needs it), as numpy.save does.</summary>
    public static void WriteFloat32(string path, ReadOnlySpan<float> data, IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"{path}: negative dimension in shape ({string.Join(", ", shape)})");
            count = checked(count * d);
        }
        if (count != data.Length) throw new ArgumentException($"{path}: {data.Length} values do not fill shape ({string.Join(", ", shape)})");

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(Header(shape));
        if (BitConverter.IsLittleEndian) stream.Write(MemoryMarshal.AsBytes(data));
        else
        {
            Span<byte> four = stackalloc byte[4];
            foreach (var v in data) { BinaryPrimitives.WriteSingleLittleEndian(four, v); stream.Write(four); }
        }
    }

    /// <summary>Magic, version, length and the padded dict (ending in '\n'), a multiple of 64 bytes long.</summary>
    internal static byte[] Header(IReadOnlyList<long> shape)
    {
        var dims = string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var tuple = shape.Count == 1 ? $"({dims},)" : $"({dims})";
        var dict = $"{{'descr': '{Float32Descr}', 'fortran_order': False, 'shape': {tuple}, }}";
        bool version1 = Magic.Length + 2 + 2 + dict.Length + 1 <= ushort.MaxValue;
        int prefix = Magic.Length + 2 + (version1 ? 2 : 4);
        int padded = (prefix + dict.Length + 1 + Alignment - 1) / Alignment * Alignment;
        var text = dict.PadRight(padded - prefix - 1) + "\n";

        var header = new byte[padded];
        Magic.CopyTo(header, 0);
        header[6] = version1 ? (byte)1 : (byte)2;
        header[7] = 0;
        if (version1) BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)text.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)text.Length);
        Encoding.ASCII.GetBytes(text, header.AsSpan(prefix));
        return header;
    }
}
