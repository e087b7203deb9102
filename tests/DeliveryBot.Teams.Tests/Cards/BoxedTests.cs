using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Booleans and small whole numbers are boxed once for card data and expressions (<see cref="Boxed"/>); every other
/// number keeps its exact value, negative zero and fractions included.
/// </summary>
public sealed class BoxedTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(255.0)]
    public void A_small_whole_number_is_one_box(double value)
    {
        Assert.Same(Boxed.Of(value), Boxed.Of(value));
        Assert.Equal(value, Assert.IsType<double>(Boxed.Of(value)));
    }

    [Theory]
    [InlineData(256.0)]
    [InlineData(2.5)]
    [InlineData(-1.0)]
    [InlineData(1e15)]
    [InlineData(double.NaN)]
    public void Any_other_number_is_its_own_value(double value)
    {
        Assert.NotSame(Boxed.Of(value), Boxed.Of(value));
        Assert.Equal(value, Assert.IsType<double>(Boxed.Of(value)));
    }

    [Fact]
    public void Negative_zero_stays_negative()
        => Assert.True(double.IsNegative(Assert.IsType<double>(Boxed.Of(-0.0))));

    [Fact]
    public void True_and_false_are_one_box_each()
    {
        Assert.Same(Boxed.Of(true), Boxed.Of(1 > 0));
        Assert.Same(Boxed.Of(false), Boxed.Of(1 < 0));
        Assert.Equal([true, false], new[] { Assert.IsType<bool>(Boxed.Of(true)), (bool)Boxed.Of(false) });
    }
}
