using DeliveryBot.Scheduling;

namespace DeliveryBot.Tests.Scheduling;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData(1, "*/1 * * * * *")]
    [InlineData(5, "*/5 * * * * *")]
    [InlineData(15, "*/15 * * * * *")]
    [InlineData(30, "*/30 * * * * *")]
    [InlineData(60, "0 */1 * * * *")]
    [InlineData(600, "0 */10 * * * *")]
    [InlineData(1800, "0 */30 * * * *")]
    [InlineData(3600, "0 0 * * * *")]
    public void An_interval_that_divides_the_minute_or_the_hour_becomes_a_six_field_cron(int seconds, string cron)
        => Assert.Equal(cron, CronSchedule.EverySeconds(seconds));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(7)]
    [InlineData(45)]
    [InlineData(90)]
    [InlineData(420)]
    [InlineData(7200)]
    public void An_interval_cron_cannot_repeat_evenly_has_no_schedule(int seconds)
        => Assert.Null(CronSchedule.EverySeconds(seconds));
}
