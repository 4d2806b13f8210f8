using MessagePack;

namespace AlphaHost.Host.Bus;

/// <summary>MessagePack settings of the bus: one place, so publisher, server and clients agree.</summary>
public static class BusCodec
{
    /// <summary>Bytes a control command may take; larger ones are refused with an error.</summary>
    public const int MaxCommandBytes = 64 * 1024;

    /// <summary>Frames NetMQ accepts from a peer at all; beyond it NetMQ drops the connection.</summary>
    public const long MaxFrameBytes = 1024 * 1024;

    /// <summary>For bytes from the network: MessagePack's guard against hostile input (depth, hash flooding).</summary>
    public static readonly MessagePackSerializerOptions Untrusted =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] Encode<T>(T message) => MessagePackSerializer.Serialize(message, Untrusted);

    /// <summary>
    /// The message, or null with <paramref name="error"/> saying why the bytes are not one. Takes memory so a
    /// subscriber can decode a received NetMQ frame in place (<c>Msg.SliceAsMemory()</c>) without copying it to an array.
    /// </summary>
    public static T? TryDecode<T>(ReadOnlyMemory<byte> payload, out string error) where T : class
    {
        try
        {
            error = "";
            return MessagePackSerializer.Deserialize<T>(payload, Untrusted) ?? Fail<T>("a nil message", out error);
        }
        catch (MessagePackSerializationException e)
        {
            // The inner exception says what was wrong (a wrong type, truncated bytes); the outer only names the type.
            return Fail<T>($"not a {typeof(T).Name} map ({(e.InnerException ?? e).Message})", out error);
        }
    }

    private static T? Fail<T>(string why, out string error) where T : class
    {
        error = why;
        return null;
    }
}

/// <summary>Any bus message read for its header only (unknown keys are skipped).</summary>
[MessagePackObject]
public sealed class BusHeader : BusMessage;
