using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Tests.Bus;

/// <summary>Known answers from RFC 7748 §6.1 (X25519) and libsodium's crypto_box_easy (computed outside .NET).</summary>
public class CommandSealTests
{
    private const string AliceSecret = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string AlicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private const string BobSecret = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private const string BobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    // libsodium crypto_box_easy(m = {"request_id":1,"kind":"pause"}, nonce = 00 01 .. 17, Bob's public, Alice's secret).
    private const string Message = "82aa726571756573745f696401a46b696e64a57061757365";
    private const string Box = "5fc47d8815ad3b30d6e49c9f8cd6eda387e422c06a03300e34d8f11aa22ed3b78fa67c901492dfe8";

    private static CurveKeyPair Pair(string secretHex) => CurveKeyPair.FromSecretKey(CurveKeyPair.Encode(Convert.FromHexString(secretHex)));

    [Fact]
    public void PublicKeysDeriveAsInRfc7748()
    {
        Assert.Equal(AlicePublic, Convert.ToHexStringLower(Pair(AliceSecret).PublicKeyBytes));
        Assert.Equal(BobPublic, Convert.ToHexStringLower(Pair(BobSecret).PublicKeyBytes));
    }

    [Fact]
    public void SealIsLibsodiumsCryptoBox()
    {
        var nonce = Enumerable.Range(0, 24).Select(i => (byte)i).ToArray();
        var frames = CommandSeal.Seal(Convert.FromHexString(Message), Pair(AliceSecret), Convert.FromHexString(BobPublic), nonce);
        Assert.Equal(AlicePublic, Convert.ToHexStringLower(frames[0]));
        Assert.Equal(nonce, frames[1]);
        Assert.Equal(Box, Convert.ToHexStringLower(frames[2]));
    }

    [Fact]
    public void OpenerOpensLibsodiumsBoxOnceFromAnAllowedKey()
    {
        var opener = new CommandOpener(Pair(BobSecret), [CurveKeyPair.Encode(Convert.FromHexString(AlicePublic))]);
        var nonce = Enumerable.Range(0, 24).Select(i => (byte)i).ToArray();
        Assert.Equal(SealVerdict.Opened, opener.Open(Convert.FromHexString(AlicePublic), nonce, Convert.FromHexString(Box), out var command));
        Assert.Equal(Message, Convert.ToHexStringLower(command));
        Assert.Equal(SealVerdict.Replayed, opener.Open(Convert.FromHexString(AlicePublic), nonce, Convert.FromHexString(Box), out _));
    }

    [Fact]
    public void NoncesIncreaseStrictly()
    {
        var source = new NonceSource();
        var nonces = Enumerable.Range(0, 1000).Select(_ => source.Next()).ToList();
        for (var i = 1; i < nonces.Count; i++) Assert.True(nonces[i].AsSpan().SequenceCompareTo(nonces[i - 1]) > 0);
        Assert.True(new NonceSource().Next().AsSpan().SequenceCompareTo(nonces[^1]) > 0); // a new client process continues above
    }
}
