using System.Buffers;

namespace DeliveryBot.Teams.Protocol;

/// <summary>
/// A buffer each thread keeps for JSON written and at once copied out (a drawn card, a request body): one buffer a
/// thread rather than one per piece. It is taken whole and given back, so a piece written while another is being
/// written on the same thread gets a buffer of its own, and one a rare large piece grew is not kept.
/// </summary>
internal static class ThreadBuffer
{
    private const int KeptCapacity = 256 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>This thread's buffer, empty, or a new one if it is taken.</summary>
    public static ArrayBufferWriter<byte> Take()
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(16 * 1024);
        t_buffer = null;
        buffer.ResetWrittenCount();
        return buffer;
    }

    /// <summary>Gives the buffer back once what it holds is copied out; false if it grew too large to keep.</summary>
    public static bool Return(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > KeptCapacity) return false;
        t_buffer = buffer;
        return true;
    }
}
