using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>The user and group a web server's workers run as, and where that was decided.</summary>
/// <param name="Source">How it was found, for messages: "nginx 'user' directive", "nginx's default".</param>
/// <param name="BuildUnknown">Whether it is the daemon's compiled-in default while the root does not show which build
/// runs (no <c>/etc/os-release</c>): distributions' packages are built with their own user, so it is a guess.</param>
public sealed record WebIdentity(string User, string Group, string Source, ConfigFile? File = null, SyntaxNode? DefinedAt = null, bool BuildUnknown = false);
