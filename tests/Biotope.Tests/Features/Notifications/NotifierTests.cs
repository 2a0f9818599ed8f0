using Biotope.Features.Accounts;
using Biotope.Features.Notifications;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Features.Notifications;

/// <summary>Who <see cref="Notifier"/> writes to, and what the e-mails it queues say.</summary>
public sealed class NotifierTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    /// <summary>A kind of its own per test, so the rows of one test are told apart from everything else in the database.</summary>
    private static Message Unique(out string kind)
    {
        kind = "test-" + Guid.NewGuid().ToString("N")[..12];
        return new Message(kind, "Your proposal was received", "Votre proposition a été reçue",
            "We will review it in June.", "Nous l'évaluerons en juin.", "/proposals/42");
    }

    private async Task<HashSet<string>> NotifiedAsync(string kind) =>
        await App.WithDbAsync(async db => (await db.Notifications.Where(n => n.Kind == kind).Select(n => n.UserId).ToListAsync()).ToHashSet());

    private async Task SendAsync(Func<Notifier, Task> send) =>
        await App.WithDbAsync(async db =>
        {
            await send(new Notifier(db, TimeProvider.System, App.Services.GetRequiredService<PublicBaseUrl>()));
            return await db.SaveChangesAsync();
        });

    private Task<int> OrganizationAsync(string slug) => App.WithDbAsync(db => db.Organizations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());

    private async Task<string> UserAsync(string role, int? organizationId = null) =>
        await App.UserIdAsync((await App.CreateUserAsync(role, organizationId)).Email);

    [Fact]
    public async Task ToUsers_writes_one_notification_per_user_and_a_bilingual_email()
    {
        var (email, _) = await App.CreateUserAsync(Roles.Member, await App.AnyOrganizationAsync());
        var userId = await App.UserIdAsync(email);
        var other = await UserAsync(Roles.Member, await App.AnyOrganizationAsync());
        var message = Unique(out var kind);

        // The same user twice is notified once.
        await SendAsync(n => n.ToUsersAsync([userId, userId, "no-such-user"], message));

        var stored = await App.WithDbAsync(db => db.Notifications.Where(n => n.Kind == kind).ToListAsync());
        var row = Assert.Single(stored);
        Assert.Equal(userId, row.UserId);
        Assert.Equal(("Your proposal was received", "Votre proposition a été reçue"), (row.SubjectEn, row.SubjectFr));
        Assert.Equal(("We will review it in June.", "Nous l'évaluerons en juin."), (row.BodyEn, row.BodyFr));
        Assert.Equal("/proposals/42", row.Link);
        Assert.Null(row.ReadAt);
        Assert.DoesNotContain(other, await NotifiedAsync(kind));

        var mail = Assert.Single(await App.WithDbAsync(db => db.Outbox.Where(m => m.To == email).ToListAsync()));
        Assert.Equal("Votre proposition a été reçue / Your proposal was received", mail.Subject);
        Assert.Contains("Nous l'évaluerons en juin.", mail.Body);
        Assert.Contains("We will review it in June.", mail.Body);
        // The e-mail's link is absolute on the site's own address, so it opens from a mail client.
        Assert.Contains($"{App.Services.GetRequiredService<PublicBaseUrl>().Value}/proposals/42", mail.Body);
        Assert.True(mail.Body.IndexOf("juin", StringComparison.Ordinal) < mail.Body.IndexOf("June", StringComparison.Ordinal), "French comes first");
        Assert.Null(mail.SentAt);
        Assert.Equal(0, mail.Attempts);
    }

    [Fact]
    public async Task Nothing_is_written_unless_the_change_is_saved()
    {
        var userId = await UserAsync(Roles.Expert);
        var message = Unique(out var kind);

        await App.WithDbAsync(async db =>
        {
            await new Notifier(db, TimeProvider.System).ToUsersAsync([userId], message);
            return 0; // no SaveChanges: as if the change it announces failed
        });

        Assert.Empty(await NotifiedAsync(kind));
    }

    [Fact]
    public async Task ToOrganizations_reaches_every_account_of_those_organizations()
    {
        var louvain = await OrganizationAsync("uclouvain");
        var liege = await OrganizationAsync("uliege");
        var louvainAdmin = await UserAsync(Roles.MemberAdmin, louvain);
        var louvainMember = await UserAsync(Roles.Member, louvain);
        var liegeMember = await UserAsync(Roles.Member, liege);
        var unattached = await UserAsync(Roles.Expert);
        var message = Unique(out var kind);

        await SendAsync(n => n.ToOrganizationsAsync([louvain, louvain], message));

        var notified = await NotifiedAsync(kind);
        var expected = await App.WithDbAsync(async db => (await db.Users.Where(u => u.OrganizationId == louvain).Select(u => u.Id).ToListAsync()).ToHashSet());
        Assert.Equal(expected, notified);
        Assert.Contains(louvainAdmin, notified);
        Assert.Contains(louvainMember, notified);
        Assert.DoesNotContain(liegeMember, notified);
        Assert.DoesNotContain(unattached, notified);
    }

    [Fact]
    public async Task ToOrganizationAdmins_reaches_only_their_member_admins()
    {
        var louvain = await OrganizationAsync("uclouvain");
        var liege = await OrganizationAsync("uliege");
        var louvainAdmin = await UserAsync(Roles.MemberAdmin, louvain);
        var louvainMember = await UserAsync(Roles.Member, louvain);
        var liegeAdmin = await UserAsync(Roles.MemberAdmin, liege);
        var message = Unique(out var kind);

        await SendAsync(n => n.ToOrganizationAdminsAsync([louvain], message));

        var notified = await NotifiedAsync(kind);
        Assert.Contains(louvainAdmin, notified);
        Assert.DoesNotContain(louvainMember, notified);
        Assert.DoesNotContain(liegeAdmin, notified);
        foreach (var id in notified) Assert.True(await IsMemberAdminOf(id, louvain), $"{id} is not a member admin of the organization");
    }

    [Fact]
    public async Task ToStaff_reaches_administrators_and_cluster_staff_only()
    {
        var staff = await UserAsync(Roles.ClusterStaff);
        var administrator = await UserAsync(Roles.Administrator);
        var member = await UserAsync(Roles.Member, await OrganizationAsync("uliege"));
        var expert = await UserAsync(Roles.Expert);
        var message = Unique(out var kind);

        await SendAsync(n => n.ToStaffAsync(message));

        var notified = await NotifiedAsync(kind);
        var expected = await App.WithDbAsync(async db =>
        {
            var roles = await db.Roles.Where(r => r.Name == Roles.Administrator || r.Name == Roles.ClusterStaff).Select(r => r.Id).ToListAsync();
            return (await db.UserRoles.Where(ur => roles.Contains(ur.RoleId)).Select(ur => ur.UserId).ToListAsync()).ToHashSet();
        });
        Assert.Equal(expected, notified);
        Assert.Contains(staff, notified);
        Assert.Contains(administrator, notified);
        Assert.DoesNotContain(member, notified);
        Assert.DoesNotContain(expert, notified);
        // One e-mail per notified person.
        var emails = await App.WithDbAsync(db => db.Users.Where(u => notified.Contains(u.Id)).Select(u => u.Email!).ToListAsync());
        var queued = await App.WithDbAsync(db => db.Outbox.Where(m => emails.Contains(m.To) && m.Subject.StartsWith("Votre proposition a été reçue")).Select(m => m.To).ToListAsync());
        Assert.Equal(emails.Order(), queued.Distinct().Order());
    }

    private Task<bool> IsMemberAdminOf(string userId, int organizationId) =>
        App.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == userId && u.OrganizationId == organizationId
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.MemberAdmin))));
}
