using System.Buffers.Binary;
using System.Text;
using AlphaHost.Sdk.Data;

namespace AlphaHost.Sdk.Tests.Data;

public sealed class NpyTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("alphahost-npy-");
    public void Dispose() => dir.Delete(recursive: true);
    private string PathOf(string name) => Path.Combine(dir.FullName, name);

    /// <summary>
    /// A .npy file laid out byte by byte as the format documentation (and numpy.save) has it:
    /// magic, version, little-endian header length, the dict padded with spaces to a 64-byte boundary, '\n', data.
    /// </summary>
    private static byte[] NumpyFile(string dict, byte[] data, byte major = 1)
    {
        int lengthSize = major == 1 ? 2 : 4;
        int prefix = 6 + 2 + lengthSize;
        int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        var header = dict + new string(' ', total - prefix - dict.Length - 1) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.Add(major);
        bytes.Add(0);
        if (major == 1) bytes.AddRange([(byte)(header.Length & 0xff), (byte)(header.Length >> 8)]);
        else bytes.AddRange([(byte)(header.Length & 0xff), (byte)((header.Length >> 8) & 0xff), (byte)(header.Length >> 16), 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static byte[] LittleEndianFloats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    private const string Dict2x3 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

    [Fact]
    public void ReadsAFileLaidOutAsNumpyWritesIt()
    {
        var file = NumpyFile(Dict2x3, LittleEndianFloats(0, 1, 2, 3, 4.5f, -5));
        Assert.Equal(128 + 24, file.Length); // numpy.save of np.arange(6, dtype='<f4').reshape(2, 3) is 152 bytes
        File.WriteAllBytes(PathOf("a.npy"), file);

        var array = Npy.ReadFloat32(PathOf("a.npy"));

        Assert.Equal([2L, 3L], array.Shape);
        Assert.Equal([0f, 1f, 2f, 3f, 4.5f, -5f], array.Data);
    }

    [Fact]
    public void WritesTheSameBytesAsNumpy()
    {
        Npy.WriteFloat32(PathOf("w.npy"), [0, 1, 2, 3, 4.5f, -5], [2, 3]);
        Assert.Equal(NumpyFile(Dict2x3, LittleEndianFloats(0, 1, 2, 3, 4.5f, -5)), File.ReadAllBytes(PathOf("w.npy")));

        // A one-dimensional shape is a one-element tuple, written with its trailing comma.
        Npy.WriteFloat32(PathOf("v.npy"), [1.5f, -2], [2]);
        Assert.Equal(NumpyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", LittleEndianFloats(1.5f, -2)), File.ReadAllBytes(PathOf("v.npy")));
    }

    [Fact]
    public void RoundTripsShapeAndEveryBitOfTheValues()
    {
        float[] values = [float.NaN, float.PositiveInfinity, -0f, float.Epsilon, 1e-30f, 3.1415927f, float.MaxValue, -7];
        Npy.WriteFloat32(PathOf("r.npy"), values, [2, 1, 4]);
        var back = Npy.ReadFloat32(PathOf("r.npy"));
        Assert.Equal([2L, 1L, 4L], back.Shape);
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), back.Data.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void ReadsVersion2HeadersAndDoubleQuotesAndEmptyArrays()
    {
        File.WriteAllBytes(PathOf("v2.npy"), NumpyFile("{\"shape\": (1, 2), \"fortran_order\": False, \"descr\": \"<f4\"}", LittleEndianFloats(8, 9), major: 2));
        var v2 = Npy.ReadFloat32(PathOf("v2.npy"));
        Assert.Equal([1L, 2L], v2.Shape);
        Assert.Equal([8f, 9f], v2.Data);

        File.WriteAllBytes(PathOf("empty.npy"), NumpyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }", []));
        Assert.Equal([0L, 3L], Npy.ReadFloat32(PathOf("empty.npy")).Shape);
    }

    private InvalidDataException Rejected(string name, byte[] file)
    {
        File.WriteAllBytes(PathOf(name), file);
        var e = Assert.Throws<InvalidDataException>(() => Npy.ReadFloat32(PathOf(name)));
        Assert.StartsWith(PathOf(name) + ":", e.Message);
        Assert.DoesNotContain('\n', e.Message.TrimEnd());
        return e;
    }

    [Fact]
    public void RejectsAFileWithoutTheMagic()
    {
        var file = NumpyFile(Dict2x3, LittleEndianFloats(0, 1, 2, 3, 4, 5));
        file[1] = (byte)'X';
        Assert.Contains("expected the magic bytes", Rejected("magic.npy", file).Message);
        Assert.Contains("expected the magic bytes", Rejected("short.npy", [0x93]).Message);
    }

    [Theory]
    [InlineData("<f8")]
    [InlineData(">f4")]
    [InlineData("<i4")]
    public void RejectsOtherDtypesNamingTheExpectedOne(string descr)
    {
        var file = NumpyFile($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2,), }}", new byte[8]);
        var message = Rejected("dtype.npy", file).Message;
        Assert.Contains($"'{descr}'", message);
        Assert.Contains("expected little-endian float32 '<f4'", message);
    }

    [Fact]
    public void RejectsFortranOrder()
    {
        var file = NumpyFile("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", LittleEndianFloats(0, 1, 2, 3, 4, 5));
        Assert.Contains("Fortran order (expected C order", Rejected("fortran.npy", file).Message);
    }

    [Fact]
    public void RejectsUnknownVersionsAndMalformedHeaders()
    {
        Assert.Contains("version 3.0 is not supported (expected 1.0 or 2.0)", Rejected("v3.npy", NumpyFile(Dict2x3, new byte[24], major: 3)).Message);
        Assert.Contains("missing key 'shape'", Rejected("noshape.npy", NumpyFile("{'descr': '<f4', 'fortran_order': False}", [])).Message);
        Assert.Contains("unexpected key 'order'", Rejected("key.npy", NumpyFile("{'descr': '<f4', 'order': False, 'shape': (1,)}", new byte[4])).Message);
        Assert.Contains("non-negative integer dimension", Rejected("dims.npy", NumpyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1)}", [])).Message);
    }

    [Fact]
    public void RejectsDataOfTheWrongLength()
    {
        Assert.Contains("data holds 20 bytes, expected 24", Rejected("short-data.npy", NumpyFile(Dict2x3, new byte[20])).Message);
        Assert.Contains("data holds 28 bytes, expected 24", Rejected("long-data.npy", NumpyFile(Dict2x3, new byte[28])).Message);
    }

    [Fact]
    public void WriterRefusesValuesThatDoNotFillTheShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Npy.WriteFloat32(PathOf("x.npy"), [1, 2, 3], [2, 2]));
        Assert.Contains("3 values do not fill shape (2, 2)", e.Message);
        Assert.False(File.Exists(PathOf("x.npy")));
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Npy.ReadFloat32(PathOf("absent.npy")));
        Assert.Contains(PathOf("absent.npy"), e.Message);
    }
}
