using Biotope.Infrastructure;

namespace Biotope.Features.Platforms.Services;

/// <summary>
/// Turnaround in working days, Brussels time: Saturdays and Sundays do not count (public holidays do).
/// Results are due at the close of business, 18:00 in Brussels, of the last working day.
/// </summary>
public static class WorkingDays
{
    public static readonly TimeOnly CloseOfBusiness = new(18, 0);

    public static bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The working day <paramref name="days"/> working days after <paramref name="day"/> (the day itself does not count).</summary>
    public static DateOnly Add(DateOnly day, int days)
    {
        for (var added = 0; added < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) added++;
        }
        return day;
    }

    /// <summary>When results are due for samples received at <paramref name="receivedAt"/>.</summary>
    public static DateTimeOffset DueAt(DateTimeOffset receivedAt, int turnaroundDays) =>
        BrusselsTime.FromLocal(Add(BrusselsTime.Date(receivedAt), turnaroundDays).ToDateTime(CloseOfBusiness));

    /// <summary>Working days from one instant to another, by Brussels dates: the same day is 0, Friday to Monday is 1.</summary>
    public static int Between(DateTimeOffset from, DateTimeOffset to)
    {
        var start = BrusselsTime.Date(from);
        var end = BrusselsTime.Date(to);
        var count = 0;
        for (var day = start.AddDays(1); day <= end; day = day.AddDays(1))
        {
            if (IsWorkingDay(day)) count++;
        }
        return count;
    }
}
