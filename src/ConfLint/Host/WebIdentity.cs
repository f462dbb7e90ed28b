using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>The user and group a web server's workers run as, and where that was decided.</summary>
/// <param name="Source">How it was found, for messages: "nginx 'user' directive", "nginx's default".</param>
public sealed record WebIdentity(string User, string Group, string Source, ConfigFile? File = null, SyntaxNode? DefinedAt = null);
