namespace Biotope.Infrastructure;

/// <summary>
/// Where a form sends the reader back (sign-in, language switch): only a local path of this site (the rule of
/// Url.IsLocalUrl); anything else — another site, "//host", "/\host", garbage — goes to the home page.
/// </summary>
public static class ReturnAddress
{
    public static string LocalOrHome(string? returnUrl) => IsLocal(returnUrl) ? returnUrl! : "/";

    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || InputGuard.HasControlCharacter(url) || url.Any(char.IsWhiteSpace)) return false;
        return url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
    }
}
