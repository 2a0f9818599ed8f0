using System.Globalization;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Platforms.Calendars;

/// <summary>Platform test data written straight to the database: the booking and training engines are not needed to read feeds.</summary>
internal static class CalendarKit
{
    /// <summary>A Brussels wall-clock time ("2026-10-25 01:30") as the UTC instant it names (the first one in the autumn overlap).</summary>
    public static DateTimeOffset Brussels(string local) =>
        BrusselsTime.FromLocal(DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    public static Task<int> AddPlatformAsync(this TestApp app, int ownerOrganizationId, string name, string? location = "Mons, bâtiment A") =>
        app.WithDbAsync(async db =>
        {
            var platform = new Platform
            {
                Slug = "p-" + Guid.NewGuid().ToString("N")[..10],
                NameEn = name + " (EN)",
                NameFr = name,
                OwnerOrganizationId = ownerOrganizationId,
                Location = location,
            };
            db.Platforms.Add(platform);
            await db.SaveChangesAsync();
            return platform.Id;
        });

    public static Task<int> AddEquipmentAsync(this TestApp app, int platformId, string name) =>
        app.WithDbAsync(async db =>
        {
            var equipment = new Equipment { PlatformId = platformId, Name = name, Modality = "Confocal microscope", Status = EquipmentStatus.Active };
            db.Equipment.Add(equipment);
            await db.SaveChangesAsync();
            return equipment.Id;
        });

    public static Task<long> AddBookingAsync(this TestApp app, int equipmentId, string userId, int organizationId, DateTimeOffset start, DateTimeOffset end,
        BookingStatus status = BookingStatus.Confirmed, string? purpose = null) =>
        app.WithDbAsync(async db =>
        {
            var booking = new Booking
            {
                EquipmentId = equipmentId,
                UserId = userId,
                OrganizationId = organizationId,
                StartsAt = start,
                EndsAt = end,
                BlockedUntil = end,
                Status = status,
                Purpose = purpose,
                Category = UserCategory.Academic,
                HourlyRate = 60m,
                Price = (decimal)(end - start).TotalHours * 60m,
                CancelledAt = status == BookingStatus.Cancelled ? start.AddDays(-3) : null,
            };
            db.Bookings.Add(booking);
            await db.SaveChangesAsync();
            return booking.Id;
        });

    public static Task<int> AddClosureAsync(this TestApp app, int equipmentId, DateTimeOffset start, DateTimeOffset end, string reason) =>
        app.WithDbAsync(async db =>
        {
            var closure = new Closure { EquipmentId = equipmentId, StartsAt = start, EndsAt = end, Reason = reason };
            db.Closures.Add(closure);
            await db.SaveChangesAsync();
            return closure.Id;
        });

    /// <summary>A training module of the platform (or of none) with one session.</summary>
    public static Task<int> AddSessionAsync(this TestApp app, int? platformId, string titleFr, DateTimeOffset start, DateTimeOffset end,
        string place = "Salle de formation 1", string? trainerUserId = null, int capacity = 8) =>
        app.WithDbAsync(async db =>
        {
            var module = new TrainingModule { Slug = "m-" + Guid.NewGuid().ToString("N")[..10], TitleFr = titleFr, TitleEn = titleFr + " (EN)", PlatformId = platformId };
            db.TrainingModules.Add(module);
            await db.SaveChangesAsync();
            var session = new TrainingSession
            {
                ModuleId = module.Id,
                StartsAt = start,
                EndsAt = end,
                Place = place,
                Capacity = capacity,
                TrainerUserId = trainerUserId,
                TrainerName = "Claire Dubois",
            };
            db.TrainingSessions.Add(session);
            await db.SaveChangesAsync();
            return session.Id;
        });

    public static Task CancelSessionAsync(this TestApp app, int sessionId) =>
        app.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.CancelledAt, DateTimeOffset.UtcNow)));

    public static Task EnrolAsync(this TestApp app, int sessionId, string userId, EnrolmentStatus status) =>
        app.WithDbAsync(async db =>
        {
            db.Enrolments.Add(new Enrolment { SessionId = sessionId, UserId = userId, Status = status });
            return await db.SaveChangesAsync();
        });

    public static Task ManageAsync(this TestApp app, int platformId, string userId) =>
        app.WithDbAsync(async db =>
        {
            db.PlatformManagers.Add(new PlatformManager { PlatformId = platformId, UserId = userId });
            return await db.SaveChangesAsync();
        });

    public static Task StopManagingAsync(this TestApp app, int platformId, string userId) =>
        app.WithDbAsync(db => db.PlatformManagers.Where(m => m.PlatformId == platformId && m.UserId == userId).ExecuteDeleteAsync());

    public static Task NameAsync(this TestApp app, string userId, string displayName) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, displayName)));
}
