using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Biotope.Features.Accounts.SignUp;

/// <summary>Confirmation links live longer than reset links (48 h, not 2 h): Identity's data-protection tokens with their own options.</summary>
public sealed class EmailConfirmationTokens(IDataProtectionProvider protection, IOptions<EmailConfirmationTokenOptions> options, ILogger<DataProtectorTokenProvider<AppUser>> logger)
    : DataProtectorTokenProvider<AppUser>(protection, options, logger)
{
    public const string ProviderName = "EmailConfirmation";
}

public sealed class EmailConfirmationTokenOptions : DataProtectionTokenProviderOptions
{
    public EmailConfirmationTokenOptions()
    {
        Name = EmailConfirmationTokens.ProviderName;
        TokenLifespan = AccountEmails.ConfirmationLifespan;
    }
}
