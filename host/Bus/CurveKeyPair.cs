using NetMQ;

namespace AlphaHost.Host.Bus;

/// <summary>
/// A Curve25519 key pair as 40-character Z85 strings: the keys of ZeroMQ's CURVE and of NaCl's
/// crypto_box alike, so one pair per party serves the transport and the command signatures.
/// Encoding and key derivation are NetMQ's (<see cref="NetMQCertificate"/>).
/// </summary>
public sealed record CurveKeyPair(string PublicKey, string SecretKey)
{
    public const int Z85Length = 40;

    public static CurveKeyPair Generate() => From(new NetMQCertificate());

    /// <summary>Rebuilds the pair from its secret key.</summary>
    public static CurveKeyPair FromSecretKey(string secretKey)
    {
        RequireKey(secretKey, "secret key");
        return From(NetMQCertificate.CreateFromSecretKey(secretKey));
    }

    public NetMQCertificate Certificate => new(SecretKey, PublicKey);
    public byte[] PublicKeyBytes => Decode(PublicKey, "public key");
    public byte[] SecretKeyBytes => Certificate.SecretKey!;

    /// <summary>The 32 bytes of a Z85 key; a clear error names <paramref name="what"/> otherwise.</summary>
    public static byte[] Decode(string key, string what)
    {
        if (key.Length != Z85Length)
            throw new FormatException($"{what} must be {Z85Length} Z85 characters; got {key.Length}");
        try
        {
            return NetMQCertificate.FromPublicKey(key).PublicKey;
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{what} '{key}' is not valid Z85 ({e.Message})");
        }
    }

    public static void RequireKey(string key, string what) => Decode(key, what);

    public static string Encode(byte[] key) => NetMQCertificate.FromPublicKey(key).PublicKeyZ85;

    private static CurveKeyPair From(NetMQCertificate certificate) => new(certificate.PublicKeyZ85, certificate.SecretKeyZ85!);
}
