using System.Buffers;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The buffer a thread keeps for JSON written and copied out: taken whole, so a second piece written meanwhile gets a
/// buffer of its own; given back empty for the next; not kept once a large piece has grown it.
/// </summary>
public sealed class ThreadBufferTests
{
    [Fact]
    public void A_buffer_taken_is_nobody_elses_until_given_back_and_a_grown_one_is_not_kept()
    {
        var first = ThreadBuffer.Take();
        first.Write("card"u8);
        var meanwhile = ThreadBuffer.Take();
        Assert.NotSame(first, meanwhile);

        Assert.True(ThreadBuffer.Return(first));
        var next = ThreadBuffer.Take();
        Assert.Same(first, next);
        Assert.Equal(0, next.WrittenCount);

        next.GetSpan(512 * 1024);
        next.Advance(512 * 1024);
        Assert.False(ThreadBuffer.Return(next));
        Assert.NotSame(next, ThreadBuffer.Take());
    }
}
