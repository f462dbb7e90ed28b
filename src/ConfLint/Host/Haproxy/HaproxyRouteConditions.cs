namespace ConfLint.Host.Haproxy;

/// <summary>
/// What the conditions of the <c>use_backend</c> lines that route to a backend say about the request paths it gets: the
/// path patterns (<c>path_end .php</c>, <c>path_reg ^/.+\.php(/.*)?$</c>) every request of some branch matches. A
/// condition is read as HAProxy 2.6 builds it (<c>build_acl_cond</c>, <c>parse_acl_cond</c> in acl.c): terms split by
/// <c>||</c> or <c>or</c>, each the AND of its ACLs; a leading <c>!</c> (several toggle) negates one; <c>{ ... }</c> is an
/// anonymous ACL; a named one is every <c>acl</c> line of that name in the routing proxy (or the defaults it inherits
/// from), ORed. After <c>if</c> a term's ACLs that are not negated hold for its requests; after <c>unless</c> only a
/// term of one negated ACL says what holds (the backend gets the requests for which every term is false).
/// </summary>
public static class HaproxyRouteConditions
{
    /// <summary>The path patterns (criterion and values) of the routes to <paramref name="pass"/>'s backend.</summary>
    public static IReadOnlyList<string> PathPatterns(HaproxyPass pass)
    {
        var patterns = new List<string>();
        foreach (var (line, _) in pass.Routes)
        {
            if (line.Keyword != "use_backend")
            {
                continue;
            }

            foreach (var proxy in pass.Instance.Proxies)
            {
                if (proxy.Settings.FirstOrDefault(s => ReferenceEquals(s.Line, line)) is not { } setting)
                {
                    continue;
                }

                var args = setting.Args;
                if (args.Count < 3 || args[1] is not ("if" or "unless"))
                {
                    break;
                }

                foreach (var acl in Holding(args.Skip(2).ToList(), args[1] == "unless"))
                {
                    patterns.AddRange((acl.Anonymous is { } words ? [words] : Named(proxy, acl.Name!)).Where(IsPath).Select(w => string.Join(' ', w)));
                }

                break;
            }
        }

        return patterns;
    }

    /// <summary>The ACLs that hold for every request of some branch of the condition.</summary>
    private static IEnumerable<(string? Name, IReadOnlyList<string>? Anonymous)> Holding(List<string> words, bool unless)
    {
        var terms = new List<List<(bool Negated, string? Name, IReadOnlyList<string>? Anonymous)>> { new() };
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word is "||" or "or")
            {
                terms.Add([]);
                continue;
            }

            var negated = false;
            while (word.StartsWith('!'))
            {
                negated = !negated;
                word = word[1..];
            }

            if (word.Length == 0)
            {
                continue;
            }

            if (word == "{")
            {
                var end = words.IndexOf("}", i + 1);
                if (end < 0)
                {
                    yield break;
                }

                terms[^1].Add((negated, null, words.GetRange(i + 1, end - i - 1)));
                i = end;
                continue;
            }

            terms[^1].Add((negated, word, null));
        }

        foreach (var term in terms)
        {
            if (!unless)
            {
                foreach (var acl in term.Where(a => !a.Negated))
                {
                    yield return (acl.Name, acl.Anonymous);
                }
            }
            else if (term is [{ Negated: true } only])
            {
                yield return (only.Name, only.Anonymous);
            }
        }
    }

    /// <summary>The criterion and values of each <c>acl NAME ...</c> line of the proxy and the defaults it inherits from.</summary>
    private static IEnumerable<IReadOnlyList<string>> Named(HaproxyProxy proxy, string name)
    {
        for (var at = proxy; at is not null; at = at.Defaults)
        {
            foreach (var acl in at.Settings.Where(s => s.Line.Modifier is null && s.Keyword == "acl" && s.Arg(0) == name && s.Args.Count > 1))
            {
                yield return acl.Args.Skip(1).ToArray();
            }
        }
    }

    /// <summary>Whether an ACL's criterion matches the request's path: <c>path</c>, <c>pathq</c>, <c>url</c>, <c>base</c>
    /// and their <c>_beg _dir _end _reg _sub</c> forms (not <c>url_param</c>, <c>url_ip</c>, <c>url_port</c>), converters
    /// after a comma.</summary>
    private static bool IsPath(IReadOnlyList<string> acl)
    {
        if (acl.Count == 0)
        {
            return false;
        }

        var fetch = acl[0].Split(',', '(')[0];
        var underscore = fetch.IndexOf('_', StringComparison.Ordinal);
        var (family, form) = underscore < 0 ? (fetch, string.Empty) : (fetch[..underscore], fetch[underscore..]);
        return family is "path" or "pathq" or "url" or "base" && form is "" or "_beg" or "_dir" or "_end" or "_reg" or "_sub";
    }
}
