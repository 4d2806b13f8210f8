using System.Text;

namespace AlphaHost.Sdk.Zmq;

/// <summary>A CURVE key pair as 40-character Z85 strings (libzmq's zmq_curve_keypair).</summary>
public sealed record CurveKeyPair(string PublicKey, string SecretKey)
{
    public const int Z85Length = 40;

    public static unsafe CurveKeyPair Generate()
    {
        var pub = stackalloc byte[Z85Length + 1];
        var sec = stackalloc byte[Z85Length + 1];
        if (ZmqNative.zmq_curve_keypair(pub, sec) != 0)
            throw ZmqException.FromLastError("zmq_curve_keypair (is libzmq built with CURVE/libsodium?)");
        return new CurveKeyPair(ReadZ85(pub), ReadZ85(sec));
    }

    /// <summary>Rebuilds the pair from its secret key (zmq_curve_public).</summary>
    public static unsafe CurveKeyPair FromSecretKey(string secretKey)
    {
        Z85.RequireKey(secretKey, "secret key");
        var pub = stackalloc byte[Z85Length + 1];
        var sec = stackalloc byte[Z85Length + 1];
        Encoding.ASCII.GetBytes(secretKey, new Span<byte>(sec, Z85Length));
        sec[Z85Length] = 0;
        if (ZmqNative.zmq_curve_public(pub, sec) != 0) throw ZmqException.FromLastError("zmq_curve_public");
        return new CurveKeyPair(ReadZ85(pub), secretKey);
    }

    private static unsafe string ReadZ85(byte* text) => Encoding.ASCII.GetString(text, Z85Length);
}

/// <summary>Z85 text encoding of binary keys (libzmq's zmq_z85_encode/decode).</summary>
public static class Z85
{
    /// <summary>Encodes bytes whose count is a multiple of 4.</summary>
    public static unsafe string Encode(ReadOnlySpan<byte> data)
    {
        if (data.Length % 4 != 0) throw new ArgumentException($"Z85 encodes a multiple of 4 bytes; got {data.Length}", nameof(data));
        var text = new byte[data.Length / 4 * 5 + 1];
        fixed (byte* d = data)
        fixed (byte* t = text)
            if (ZmqNative.zmq_z85_encode(t, d, (nuint)data.Length) == null) throw ZmqException.FromLastError("zmq_z85_encode");
        return Encoding.ASCII.GetString(text, 0, text.Length - 1);
    }

    /// <summary>Decodes a Z85 string whose length is a multiple of 5.</summary>
    public static unsafe byte[] Decode(string text)
    {
        if (text.Length % 5 != 0) throw new FormatException($"Z85 text length must be a multiple of 5; got {text.Length}");
        var ascii = Encoding.ASCII.GetBytes(text + "\0");
        var data = new byte[text.Length / 5 * 4];
        fixed (byte* t = ascii)
        fixed (byte* d = data)
            if (ZmqNative.zmq_z85_decode(d, t) == null) throw new FormatException($"'{text}' is not valid Z85");
        return data;
    }

    /// <summary>Throws a clear error unless <paramref name="key"/> is a 40-character Z85 CURVE key.</summary>
    public static void RequireKey(string key, string what)
    {
        if (key.Length != CurveKeyPair.Z85Length)
            throw new FormatException($"{what} must be {CurveKeyPair.Z85Length} Z85 characters; got {key.Length}");
        Decode(key);
    }
}
