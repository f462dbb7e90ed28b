namespace ConfLint.Validation;

/// <summary>HAProxy 2.6's <c>backend_parse_balance</c>: the algorithm names (compared with case) and the options each
/// takes, in its own words.</summary>
internal static class HaproxyBalance
{
    public static string? Problem(List<string> args)
    {
        var algorithm = args[0];
        var rest = args.Skip(1).ToList();
        switch (algorithm)
        {
            case "roundrobin" or "static-rr" or "leastconn" or "first" or "source":
                return null;
            case "uri":
                for (var i = 0; i < rest.Count; i++)
                {
                    if (rest[i] is "len" or "depth")
                    {
                        if (i + 1 >= rest.Count || !rest[i + 1].All(char.IsAsciiDigit) || rest[i + 1].Length == 0)
                        {
                            return $"balance uri : '{rest[i]}' expects a positive integer (got '{(i + 1 < rest.Count ? rest[i + 1] : string.Empty)}').";
                        }

                        i++;
                    }
                    else if (rest[i] is not ("whole" or "path-only"))
                    {
                        return $"balance uri only accepts parameters 'len', 'depth', 'path-only', and 'whole' (got '{rest[i]}').";
                    }
                }

                return null;
            case "url_param":
                return rest.Count == 0 ? "balance url_param requires an URL parameter name." : null;
            case "hash":
                return rest.Count == 0 ? "balance hash requires a sample expression." : null;
            case "random" or "rdp-cookie":
                return null;
        }

        if (algorithm.StartsWith("random(", StringComparison.Ordinal))
        {
            var inside = algorithm["random(".Length..];
            var digits = inside.TakeWhile(char.IsAsciiDigit).Count();
            if (digits < inside.Length && inside[digits] != ')')
            {
                return $"balance random : unexpected character '{inside[digits]}' after argument.";
            }

            return digits > 0 && ApacheNumbers.Atoi(inside[..digits]) < 1 ? "balance random : number of draws must be at least 1." : null;
        }

        if (algorithm.StartsWith("hdr(", StringComparison.Ordinal) && algorithm.EndsWith(')') && algorithm.Length > 5)
        {
            return rest.Count > 0 && rest[0] != "use_domain_only" ? $"balance {algorithm} only accepts 'use_domain_only' modifier (got '{rest[0]}')." : null;
        }

        if (algorithm.StartsWith("rdp-cookie(", StringComparison.Ordinal) || algorithm.StartsWith("hdr(", StringComparison.Ordinal))
        {
            return null;
        }

        return "balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', 'url_param', 'hdr(name)' and 'rdp-cookie(name)' options.";
    }
}
