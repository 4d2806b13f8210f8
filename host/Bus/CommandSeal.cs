using System.Buffers.Binary;
using System.Security.Cryptography;
using NaCl;

namespace AlphaHost.Host.Bus;

/// <summary>
/// Per-command authentication on the control socket. NetMQ's CURVE has no ZAP, so the server
/// cannot learn which client key connected; instead each command travels as three frames
/// [client public key (32), nonce (24), crypto_box(command) from the client's secret key to the
/// server's public key]. Only the holder of an allow-listed secret key can make a box that opens
/// with that key. Nonces must increase strictly per client key, so a replayed command is refused.
/// The cryptography is NaCl's (NaCl.Net's crypto_box); nothing here is home-made.
/// </summary>
public static class CommandSeal
{
    public const int KeyLength = Curve25519XSalsa20Poly1305.PublicKeyLength;
    public const int NonceLength = XSalsa20Poly1305.NonceLength;

    /// <summary>The frames of a sealed command.</summary>
    public static byte[][] Seal(byte[] command, CurveKeyPair client, byte[] serverPublicKey, byte[] nonce)
    {
        if (nonce.Length != NonceLength) throw new ArgumentException($"a nonce is {NonceLength} bytes; got {nonce.Length}", nameof(nonce));
        using var box = new Curve25519XSalsa20Poly1305(client.SecretKeyBytes, serverPublicKey);
        var sealedBox = new byte[command.Length + XSalsa20Poly1305.TagLength];
        box.Encrypt(sealedBox, command, nonce);
        return [client.PublicKeyBytes, nonce, sealedBox];
    }
}

/// <summary>
/// Client side: nonces that increase across runs of a client — 8 bytes of nanoseconds since the
/// Unix epoch (big-endian, bumped past the previous one; Python: time.time_ns()), then 16 random bytes.
/// </summary>
public sealed class NonceSource
{
    private long _last;

    public byte[] Next()
    {
        var nonce = new byte[CommandSeal.NonceLength];
        long now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        long value;
        lock (this) _last = value = Math.Max(now, _last + 1);
        BinaryPrimitives.WriteInt64BigEndian(nonce, value);
        RandomNumberGenerator.Fill(nonce.AsSpan(8));
        return nonce;
    }
}

public enum SealVerdict { Opened, NotAllowed, Forged, Replayed }

/// <summary>
/// Server side: opens sealed commands from allow-listed keys and remembers each key's last nonce.
/// Used by one thread (the control socket's).
/// </summary>
public sealed class CommandOpener
{
    private readonly byte[] _serverSecretKey;
    private readonly Dictionary<string, byte[]> _lastNonce = new(StringComparer.Ordinal);
    private readonly HashSet<string> _allowed;

    public CommandOpener(CurveKeyPair server, IEnumerable<string> allowedClientKeys)
    {
        _serverSecretKey = server.SecretKeyBytes;
        _allowed = allowedClientKeys.ToHashSet(StringComparer.Ordinal);
        foreach (var key in _allowed) CurveKeyPair.RequireKey(key, "allowed client key");
    }

    /// <summary>
    /// The command inside a sealed box, or why not. A box that does not open leaves the key's
    /// last nonce alone, so forgeries cannot lock the real client out.
    /// </summary>
    public SealVerdict Open(byte[] clientKey, byte[] nonce, byte[] sealedBox, out byte[] command)
    {
        command = [];
        if (clientKey.Length != CommandSeal.KeyLength || nonce.Length != CommandSeal.NonceLength || sealedBox.Length < XSalsa20Poly1305.TagLength)
            return SealVerdict.Forged;
        var client = CurveKeyPair.Encode(clientKey);
        if (!_allowed.Contains(client)) return SealVerdict.NotAllowed;
        if (_lastNonce.TryGetValue(client, out var last) && nonce.AsSpan().SequenceCompareTo(last) <= 0) return SealVerdict.Replayed;
        using var box = new Curve25519XSalsa20Poly1305(_serverSecretKey, clientKey);
        var opened = new byte[sealedBox.Length - XSalsa20Poly1305.TagLength];
        if (!box.TryDecrypt(opened, sealedBox, nonce)) return SealVerdict.Forged;
        _lastNonce[client] = nonce;
        command = opened;
        return SealVerdict.Opened;
    }
}
