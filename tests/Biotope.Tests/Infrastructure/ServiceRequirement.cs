namespace Biotope.Tests.Infrastructure;

/// <summary>
/// Whether tests that need an external service (PostgreSQL, Chromium) must fail rather than skip
/// when it is missing: under CI=true or BIOTOPE_REQUIRE_SERVICES=1.
/// </summary>
public static class ServiceRequirement
{
    public static bool Required =>
        Environment.GetEnvironmentVariable("BIOTOPE_REQUIRE_SERVICES") == "1"
        || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
