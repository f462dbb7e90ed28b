namespace ConfLint.Validation;

/// <summary>
/// The actions HAProxy 2.6.12 (Debian 12's build) knows after <c>http-request</c> and <c>http-response</c>, in the order
/// its "expects ..." answer lists them; a name ending in "(*)" takes an argument in parentheses (<c>set-var(txn.x)</c>),
/// <c>track-sc(*)</c> stands for track-sc0..2. Later releases add actions, so the caller judges only a root with 2.6.
/// A Lua action (<c>lua.name</c>) depends on the scripts loaded and is not judged.
/// </summary>
internal static class HaproxyActions
{
    private static readonly string[] Request =
    [
        "wait-for-handshake", "ot-group", "set-log-level", "set-nice", "use-service", "sc-inc-gpc(*)", "sc-inc-gpc0(*)", "sc-inc-gpc1(*)",
        "sc-set-gpt(*)", "sc-set-gpt0(*)", "send-spoe-group", "do-resolve(*)", "cache-use", "add-acl(*)", "add-header", "allow", "auth", "capture",
        "del-acl(*)", "del-header", "del-map(*)", "deny", "disable-l7-retry", "early-hint", "normalize-uri", "redirect", "reject",
        "replace-header", "replace-path", "replace-pathq", "replace-uri", "replace-value", "return", "set-header", "set-map(*)", "set-method",
        "set-path", "set-pathq", "set-query", "set-uri", "strict-mode", "tarpit", "track-sc(*)", "set-timeout", "wait-for-body", "set-var-fmt(*)",
        "set-var(*)", "unset-var(*)", "set-dst", "set-dst-port", "set-mark", "set-src", "set-src-port", "set-tos", "silent-drop",
        "set-priority-class", "set-priority-offset",
    ];

    private static readonly string[] Response =
    [
        "ot-group", "set-log-level", "set-nice", "sc-inc-gpc(*)", "sc-inc-gpc0(*)", "sc-inc-gpc1(*)", "sc-set-gpt(*)", "sc-set-gpt0(*)",
        "send-spoe-group", "cache-store", "add-acl(*)", "add-header", "allow", "capture", "del-acl(*)", "del-header", "del-map(*)", "deny",
        "redirect", "replace-header", "replace-value", "return", "set-header", "set-map(*)", "set-status", "strict-mode", "track-sc(*)",
        "wait-for-body", "set-var-fmt(*)", "set-var(*)", "unset-var(*)", "set-mark", "set-tos", "silent-drop",
    ];

    public static string? Problem(string keyword, string action)
    {
        var known = keyword == "http-request" ? Request : Response;
        if (action.StartsWith("lua.", StringComparison.Ordinal) || known.Any(k => Matches(k, action)))
        {
            return null;
        }

        return $"'{keyword}' expects {string.Join(", ", known.Select(k => $"'{k}'"))}, but got '{action}'.";
    }

    private static bool Matches(string known, string action)
    {
        if (!known.EndsWith("(*)", StringComparison.Ordinal))
        {
            return known == action;
        }

        var stem = known[..^3];
        return stem == "track-sc"
            ? action.StartsWith(stem, StringComparison.Ordinal) && action.Length > stem.Length && char.IsAsciiDigit(action[stem.Length])
            : action.StartsWith(stem + "(", StringComparison.Ordinal);
    }
}
