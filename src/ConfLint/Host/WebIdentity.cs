using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>The user and group a web server's workers run as, and where that was decided.</summary>
/// <param name="Source">How it was found, for messages: "nginx 'user' directive", "nginx's default".</param>
/// <param name="BuildUnknown">Whether it is the daemon's compiled-in default while the root does not show which build
/// runs (no <c>/etc/os-release</c>, or package evidence that conflicts): packages are built with their own user, so it is a guess.</param>
/// <param name="BuildUnknownWhy">What the root does not show, or shows in conflict, for notes.</param>
public sealed record WebIdentity(string User, string Group, string Source, ConfigFile? File = null, SyntaxNode? DefinedAt = null, bool BuildUnknown = false, string? BuildUnknownWhy = null)
{
    /// <summary>Why the build is unknown, for a note's parentheses.</summary>
    public string WhyBuildUnknown => BuildUnknownWhy ?? "no /etc/os-release";
}
