namespace ConfLint.Workspace;

/// <summary>Whose wildcard rules a pattern follows.</summary>
public enum GlobDialect
{
    /// <summary>glibc's <c>glob(3)</c> with no flags, as nginx (<c>ngx_open_glob</c>) and PHP-FPM use it: <c>*</c>,
    /// <c>?</c>, <c>[...]</c> with <c>!</c> or <c>^</c>, ranges and <c>[:alpha:]</c>-style classes, <c>\</c> escapes.</summary>
    Glob,

    /// <summary>APR's <c>apr_fnmatch</c> with <c>APR_FNM_PERIOD</c>, as Apache's <c>Include</c> uses it: the same, but
    /// no character classes (<c>[[:alpha:]]</c> is a bracket holding <c>[:alph</c> followed by a literal <c>]</c>).</summary>
    Fnmatch,
}

/// <summary>
/// Matches one path component against a wildcard pattern. Both dialects refuse to match a leading <c>.</c> with a
/// wildcard (it must be written). Matching keeps the position of the last <c>*</c> only and retries from there, so
/// it takes at most pattern length × name length steps, never exponential time (as in Russ Cox's "Glob Matching
/// Can Be Simple And Fast Too"); the recursive matcher it replaces backtracked without end on
/// <c>*a*a*a*a*a*a*a*a*b</c>.
/// </summary>
public static class GlobMatcher
{
    public static bool IsMatch(string pattern, string name) => GlobPattern.Compile(pattern, GlobDialect.Glob).IsMatch(name);

    public static bool IsMatch(string pattern, string name, GlobDialect dialect) => GlobPattern.Compile(pattern, dialect).IsMatch(name);
}
