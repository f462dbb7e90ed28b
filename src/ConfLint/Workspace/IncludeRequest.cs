using ConfLint.Syntax;

namespace ConfLint.Workspace;

/// <summary>What a kind's include finder reports: the directive, its pattern as written, and the daemon's rules for it.</summary>
public sealed record IncludeRequest(SyntaxNode Directive, SyntaxToken PatternToken, string Pattern, IncludeRules Rules);

/// <summary>How the daemon treats an include pattern.</summary>
/// <param name="BaseDirectory">The server folder a relative pattern is taken from.</param>
/// <param name="MissingLiteralIsError">A pattern without wildcards that names no file stops the daemon.</param>
/// <param name="EmptyGlobIsError">A pattern with wildcards that matches nothing stops the daemon.</param>
/// <param name="DirectoryIncludesFiles">A pattern naming a folder includes every file below it (Apache).</param>
/// <param name="Dialect">Whose wildcard rules the pattern follows: glob(3) (nginx, PHP-FPM) or apr_fnmatch (Apache).</param>
public sealed record IncludeRules(string BaseDirectory, bool MissingLiteralIsError, bool EmptyGlobIsError, bool DirectoryIncludesFiles, GlobDialect Dialect = GlobDialect.Glob);
