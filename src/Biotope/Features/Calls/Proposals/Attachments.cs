using System.Security.Claims;
using System.Security.Cryptography;
using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Proposals;

/// <summary>Proposal attachments: PDF only, recognised by content (not by name or declared type), with a size cap.</summary>
public sealed class Attachments(BiotopeDb db, ProposalService proposals, TimeProvider clock)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>
    /// A PDF starts with "%PDF-1.x" (or 2.0) — at its first byte, or after blank lines only, within the first 1024 bytes —
    /// and ends with "%%EOF" within its last 1024 bytes (ADR 015): a page of HTML that merely mentions "%PDF-" is not one.
    /// </summary>
    public static Phrase? RejectUnlessPdf(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0) return Phrase.Of("attachment.file.empty");
        if (content.Length > MaxBytes) return TooLarge();
        var head = content[..Math.Min(1024, content.Length)];
        var start = head.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0 || !head[start..].StartsWith("%PDF-"u8) || start + 8 > head.Length
            || !char.IsAsciiDigit((char)head[start + 5]) || head[start + 6] != (byte)'.' || !char.IsAsciiDigit((char)head[start + 7]))
            return Phrase.Of("attachment.file.not-pdf");
        var tail = content[Math.Max(0, content.Length - 1024)..];
        if (tail.IndexOf("%%EOF"u8) < 0) return Phrase.Of("attachment.file.incomplete");
        return null;
    }

    public static Phrase TooLarge() => Phrase.Of("attachment.file.too-large", MaxBytes / 1024 / 1024);

    public async Task<Outcome<AttachmentDto>> UploadAsync(int proposalId, string fileName, string? document, byte[] content, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        if (!loaded.Value!.Access.InConsortium) return Failure.Forbidden(Phrase.Of("attachment.upload.forbidden"));
        if (!loaded.Value.Editable) return ProposalService.ReadOnly(loaded.Value.Proposal);
        if (RejectUnlessPdf(content) is { } reason) return Failure.Invalid("file", reason);
        var required = loaded.Value.Call.RequiredDocuments.FirstOrDefault(d => d.IsNamed(document));
        if (document is { Length: > 0 } && required is null)
            return Failure.Invalid("document", Phrase.Of("attachment.document.unknown", new PhraseList([.. loaded.Value.Call.RequiredDocuments.Select(d => (object?)d.Name)])));
        var safeName = Path.GetFileName(fileName.Replace('\\', '/'));
        if (!safeName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) safeName += ".pdf";
        var attachment = new ProposalAttachment
        {
            ProposalId = proposalId,
            FileName = safeName.Length > 200 ? safeName[^200..] : safeName,
            Document = required?.Key,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Content = content,
            UploadedAt = clock.GetUtcNow(),
            UploadedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier),
        };
        db.ProposalAttachments.Add(attachment);
        await db.SaveChangesAsync(ct);
        return ToDto(attachment);
    }

    public async Task<Outcome<List<AttachmentDto>>> ListAsync(int proposalId, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        if (!CanReadFiles(loaded.Value!.Access)) return ProposalService.NotFound(proposalId);
        return await db.ProposalAttachments.AsNoTracking().Where(a => a.ProposalId == proposalId).OrderBy(a => a.Id)
            .Select(a => new AttachmentDto(a.Id, a.FileName, a.Document, a.Size, a.Sha256, a.UploadedAt)).ToListAsync(ct);
    }

    public async Task<Outcome<ProposalAttachment>> GetAsync(int proposalId, int attachmentId, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        if (!CanReadFiles(loaded.Value!.Access)) return ProposalService.NotFound(proposalId);
        var attachment = await db.ProposalAttachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId && a.ProposalId == proposalId, ct);
        return attachment is null ? Failure.NotFound(Phrase.Of("attachment.not-found", attachmentId)) : attachment;
    }

    /// <summary>Removes a PDF: a part of the proposal, so it takes the proposal's version and makes a new one.</summary>
    public async Task<Failure?> DeleteAsync(int proposalId, int attachmentId, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        if (!loaded.Value!.Access.InConsortium) return Failure.Forbidden(Phrase.Of("attachment.delete.forbidden"));
        if (!loaded.Value.Editable) return ProposalService.ReadOnly(loaded.Value.Proposal);
        var attachment = await db.ProposalAttachments.SingleOrDefaultAsync(a => a.Id == attachmentId && a.ProposalId == proposalId, ct);
        if (attachment is null) return Failure.NotFound(Phrase.Of("attachment.not-found", attachmentId));
        var proposal = loaded.Value.Proposal;
        if (Concurrency.Check(proposal.Version, read) is { } stale) return stale;
        db.ProposalAttachments.Remove(attachment);
        db.Entry(proposal).Property(p => p.UpdatedAt).IsModified = true;
        return await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>The consortium, its assigned experts and staff; an invited partner that has not accepted does not see the files.</summary>
    private static bool CanReadFiles(ProposalAccess access) => access.Staff || access.InConsortium || access.AssignedExpert;

    private static AttachmentDto ToDto(ProposalAttachment a) => new(a.Id, a.FileName, a.Document, a.Size, a.Sha256, a.UploadedAt);
}
