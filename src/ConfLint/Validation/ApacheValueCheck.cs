using ConfLint.Syntax.Apache;

namespace ConfLint.Validation;

/// <summary>
/// The values httpd's handlers refuse when they read the configuration, in their own words: Options and
/// AllowOverride words (core.c <c>set_options</c>, <c>set_override</c>), HostnameLookups, ServerSignature, LogLevel
/// levels, ErrorDocument codes, Require providers and their arguments (mod_authz_core, mod_authz_host), Header and
/// RequestHeader (mod_headers <c>header_cmd</c>), RewriteRule and RewriteCond arguments and flags (mod_rewrite).
/// Only what the handler refuses whatever else the configuration says; anything uncertain is left alone.
/// </summary>
internal static class ApacheValueCheck
{
    private static readonly string[] OptionWords = ["Indexes", "Includes", "IncludesNOEXEC", "FollowSymLinks", "SymLinksIfOwnerMatch", "ExecCGI", "MultiViews", "RunScripts", "None", "All"];

    private static readonly string[] LogLevels = ["emerg", "alert", "crit", "error", "warn", "notice", "info", "debug", "trace1", "trace2", "trace3", "trace4", "trace5", "trace6", "trace7", "trace8"];

    /// <summary>The Require providers of the modules Debian ships, by module.</summary>
    private static readonly Dictionary<string, string> RequireProviders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["all"] = "mod_authz_core", ["env"] = "mod_authz_core", ["method"] = "mod_authz_core", ["expr"] = "mod_authz_core",
        ["ip"] = "mod_authz_host", ["host"] = "mod_authz_host", ["forward-dns"] = "mod_authz_host", ["local"] = "mod_authz_host",
        ["user"] = "mod_authz_user", ["valid-user"] = "mod_authz_user", ["group"] = "mod_authz_groupfile",
        ["file-owner"] = "mod_authz_owner", ["file-group"] = "mod_authz_owner", ["dbm-group"] = "mod_authz_dbm", ["dbm-file-group"] = "mod_authz_dbm",
        ["ldap-user"] = "mod_authnz_ldap", ["ldap-group"] = "mod_authnz_ldap", ["ldap-dn"] = "mod_authnz_ldap", ["ldap-attribute"] = "mod_authnz_ldap",
        ["ldap-filter"] = "mod_authnz_ldap", ["ldap-search"] = "mod_authnz_ldap", ["dbd-group"] = "mod_authz_dbd", ["dbd-login"] = "mod_authz_dbd",
        ["dbd-logout"] = "mod_authz_dbd",
    };

    /// <summary>What the handler answers, or null where it takes the value (or the value is not judged).
    /// <paramref name="providerKnown"/> says whether a Require provider name is surely known or surely unknown
    /// (null: cannot tell, as with third-party modules or AuthzProviderAlias).</summary>
    public static string? Problem(ApacheDirective directive, Func<string, bool?> providerKnown, Func<string, string> expand)
    {
        // ${VAR} is expanded where the configuration (or envvars) defines it; a value still holding one is not judged.
        var args = directive.Args.Select(expand).ToList();
        if (args.Any(a => a.Contains("${", StringComparison.Ordinal)) && !directive.IsNamed("CustomLog"))
        {
            return null;
        }

        var name = directive.Name.ToLowerInvariant();
        return name switch
        {
            "options" => Options(args),
            "allowoverride" => AllowOverride(args),
            "hostnamelookups" when args.Count == 1 && args[0].ToLowerInvariant() is not ("on" or "off" or "double") => "parameter must be 'on', 'off', or 'double'",
            "serversignature" when args.Count == 1 && args[0].ToLowerInvariant() is not ("on" or "off" or "email") => "ServerSignature: use one of: off | on | email",
            "servertokens" when args.Count == 1 && args[0].ToLowerInvariant() is not ("os" or "min" or "minimal" or "major" or "minor" or "prod" or "productonly" or "full")
                => "ServerTokens takes 1 argument: 'Prod(uctOnly)', 'Major', 'Minor', 'Min(imal)', 'OS', or 'Full'",
            "loglevel" => LogLevel(args),
            "sslciphersuite" or "sslproxyciphersuite" when args.Count == 2 && args[0] is not ("SSL" or "TLSv1.3") => $"protocol '{args[0]}' not supported",
            "keepalivetimeout" when args.Count == 1 && !IsTimeout(args[0]) => "KeepAliveTimeout has wrong format",
            "customlog" or "transferlog" when args.Count == 3 && !args[2].Contains("${", StringComparison.Ordinal) && !args[2].StartsWith("env=", StringComparison.OrdinalIgnoreCase) && !args[2].StartsWith("expr=", StringComparison.OrdinalIgnoreCase)
                => "error in condition clause",
            "ssloptions" => args.Select(a => a.TrimStart('+', '-')).FirstOrDefault(o => !new[] { "StdEnvVars", "ExportCertData", "FakeBasicAuth", "StrictRequire", "OptRenegotiate", "LegacyDNStringFormat" }.Contains(o, StringComparer.OrdinalIgnoreCase)) is { } option
                ? $"SSLOptions: Illegal option '{option}'" : null,
            // mod_ssl's ssl_cmd_SSLEngine: on, off or optional (addr:port forms and variables are left alone).
            "sslengine" when args.Count == 1 && args[0].ToLowerInvariant() is not ("on" or "off" or "optional") && !args[0].Contains(':', StringComparison.Ordinal)
                => "Argument must be On or Off",
            "errordocument" when args.Count == 2 && !IsResponseCode(args[0]) => $"Unsupported HTTP response code {args[0]}",
            "require" => Require(args, providerKnown),
            "errorlogformat" when args.Count is 1 or 2 => ErrorLogFormat(args),
            "header" => Header(args, always: true),
            "requestheader" => Header(args, always: false),
            "rewriterule" or "rewritecond" => Rewrite(directive, name == "rewriterule"),
            "allow" or "deny" when args.Count >= 2 && args[0].Equals("from", StringComparison.OrdinalIgnoreCase)
                => args.Skip(1).Select(AccessProblem).FirstOrDefault(p => p is not null),
            "aliasmatch" or "scriptaliasmatch" when args.Count >= 1 && ApacheRegex.Refused(args[0]) => "Regular expression could not be compiled.",
            "redirectmatch" when args.Count >= 2 && ApacheRegex.Refused(args[args.Count == 3 ? 1 : 0]) => "Regular expression could not be compiled.",
            "proxypassmatch" when args.Count >= 2 && !args[0].Contains("://", StringComparison.Ordinal) && ApacheRegex.Refused(args[0]) => "Regular expression could not be compiled.",
            "setenvif" or "setenvifnocase" when SetEnvWords(args, name == "setenvif" ? "SetEnvIf" : "SetEnvIfNoCase", "Missing header-field name for ", "Missing regular expression for ") is { } missing => missing,
            "browsermatch" or "browsermatchnocase" when SetEnvWords(args, name == "browsermatch" ? "BrowserMatch" : "BrowserMatchNoCase", "Missing regular expression for ") is { } missing => missing,
            "setenvifexpr" when SetEnvWords(args, "SetEnvIfExpr", "Missing expression for ") is { } missing => missing,
            "setenvif" or "setenvifnocase" when args.Count >= 2 && ApacheRegex.Refused(args[1]) => $"{(name == "setenvif" ? "SetEnvIf" : "SetEnvIfNoCase")} regex could not be compiled.",
            "browsermatch" or "browsermatchnocase" when args.Count >= 1 && ApacheRegex.Refused(args[0]) => $"{(name == "browsermatch" ? "BrowserMatch" : "BrowserMatchNoCase")} regex could not be compiled.",
            "expiresbytype" when args.Count == 2 => ExpiresByType(args[0], args[1]),
            "expiresdefault" when args.Count == 1 && ExpiresCode(args[0]) is { } problem => $"'ExpiresDefault {args[0]}': {problem}",
            _ => ApacheValueWords.Problem(directive.Name, args),
        };
    }

    /// <summary>mod_setenvif's words (add_setenvif, add_browser, add_setenvifexpr, add_envvars): read with
    /// ap_getword_conf, an empty word ("") being the end; the leading words in turn, then at least one variable.</summary>
    private static string? SetEnvWords(IReadOnlyList<string> args, string name, params string[] leading)
    {
        for (var i = 0; i < leading.Length; i++)
        {
            if (i >= args.Count || args[i].Length == 0)
            {
                return leading[i] + name;
            }
        }

        return args.Count > leading.Length && args[leading.Length].Length > 0 ? null : "Missing envariable expression for " + name;
    }

    private static string? ExpiresByType(string mime, string code)
    {
        if (!mime.Contains('/', StringComparison.Ordinal))
        {
            return "Invalid mimetype: should contain a slash";
        }

        return ExpiresCode(code) is { } problem ? $"'ExpiresByType {mime} {code}': {problem}" : null;
    }

    /// <summary>
    /// mod_expires' check_code: "A3600" and "M3600" as they are, else <c>&lt;base&gt; [plus] {&lt;num&gt; &lt;type&gt;}*</c>,
    /// each word known by its first letter or two without case (strncasecmp against "now", "access", "modification",
    /// "plus", "years", "mo"nths, "weeks", "days", "hours", "mi"nutes, "seconds").
    /// </summary>
    private static string? ExpiresCode(string code)
    {
        if (code.Length > 0 && code[0] is 'A' or 'M')
        {
            return null;
        }

        var words = code.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        static bool Starts(string word, string name, int length) =>
            word.Length >= length && string.Compare(word, 0, name, 0, length, StringComparison.OrdinalIgnoreCase) == 0;

        var first = words.Length > 0 ? words[0] : string.Empty;
        if (!Starts(first, "now", 1) && !Starts(first, "access", 1) && !Starts(first, "modification", 1))
        {
            return $"bad expires code, unrecognised <base> '{first}'";
        }

        var at = words.Length > 1 && Starts(words[1], "plus", 1) ? 2 : 1;
        for (; at < words.Length; at += 2)
        {
            if (!char.IsAsciiDigit(words[at][0]))
            {
                return $"bad expires code, numeric value expected <num> '{words[at]}'";
            }

            if (at + 1 == words.Length)
            {
                return "bad expires code, missing <type>";
            }

            var type = words[at + 1];
            if (!Starts(type, "years", 1) && !Starts(type, "months", 2) && !Starts(type, "weeks", 1) && !Starts(type, "days", 1)
                && !Starts(type, "hours", 1) && !Starts(type, "minutes", 2) && !Starts(type, "seconds", 1))
            {
                return $"bad expires code, unrecognised <type>'{type}'";
            }
        }

        return null;
    }

    private static string? Options(IReadOnlyList<string> args)
    {
        bool first = true, merge = false, allNone = false;
        foreach (var arg in args)
        {
            var word = arg;
            var action = '\0';
            if (word.Length > 0 && word[0] is '+' or '-')
            {
                action = word[0];
                word = word[1..];
                if (!merge && !first && !allNone)
                {
                    return "Either all Options must start with + or -, or no Option may.";
                }

                merge = true;
            }
            else if (!first && merge)
            {
                return "Either all Options must start with + or -, or no Option may.";
            }

            if (!OptionWords.Contains(word, StringComparer.OrdinalIgnoreCase))
            {
                return $"Illegal option {word}";
            }

            if (word.Equals("None", StringComparison.OrdinalIgnoreCase) || word.Equals("All", StringComparison.OrdinalIgnoreCase))
            {
                if (!first)
                {
                    return $"'Options {word}' must be the first Option given.";
                }

                if (action != '\0')
                {
                    return $"You may not use 'Options {action}{word}'.";
                }

                allNone = true;
            }

            first = false;
        }

        return null;
    }

    private static string? AllowOverride(IReadOnlyList<string> args)
    {
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=');
            var key = eq < 0 ? arg : arg[..eq];
            var value = eq < 0 ? null : arg[(eq + 1)..];
            if (key.Equals("Options", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var option in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!OptionWords.Contains(option, StringComparer.OrdinalIgnoreCase))
                    {
                        return $"Illegal option {option}";
                    }
                }

                continue;
            }

            if (key.Equals("Nonfatal", StringComparison.OrdinalIgnoreCase))
            {
                if (value is null)
                {
                    return $"=Override, =Unknown or =All expected after {key}";
                }

                continue;
            }

            // Limit, FileInfo, AuthConfig, Indexes, None and All are compared without an '=' part, which httpd ignores
            // (Debian 12's apache2 -t takes "AllowOverride FileInfo=x").
            if (!new[] { "Limit", "FileInfo", "AuthConfig", "Indexes", "None", "All" }.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                return $"Illegal override option {arg}";
            }
        }

        return null;
    }

    private static string? LogLevel(IReadOnlyList<string> args)
    {
        foreach (var arg in args)
        {
            var colon = arg.LastIndexOf(':');
            var level = colon < 0 ? arg : arg[(colon + 1)..];
            if (!LogLevels.Contains(level, StringComparer.OrdinalIgnoreCase))
            {
                return $"LogLevel requires level keyword: one of emerg/alert/crit/error/warn/notice/info/debug/trace1/.../trace8 (got \"{level}\")";
            }
        }

        return null;
    }

    /// <summary><c>ap_timeout_parameter_parse</c>: digits, then nothing (seconds) or s, ms, mi(n), h.</summary>
    private static bool IsTimeout(string text)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var unit = text[digits..].ToLowerInvariant();
        return unit.Length == 0 || unit[0] is 's' or 'h' || unit.StartsWith("ms", StringComparison.Ordinal) || unit.StartsWith("mi", StringComparison.Ordinal);
    }

    /// <summary>Codes httpd keeps a response line for (ap_index_of_response): what ErrorDocument and R= accept.</summary>
    private static bool IsResponseCode(string text)
    {
        var digits = new string(text.TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0 || digits.Length > 3)
        {
            return false;
        }

        var code = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        return code is (>= 100 and <= 103) or (>= 200 and <= 208) or 226 or (>= 300 and <= 308) or (>= 400 and <= 418) or (>= 421 and <= 426)
            or 428 or 429 or 431 or 451 or (>= 500 and <= 508) or 510 or 511;
    }

    /// <summary>The items core registers for ErrorLogFormat (log.c, ap_register_errorlog_handler).</summary>
    private const string ErrorLogItems = "aAeEFiklLmnPtTvV";

    /// <summary>
    /// log.c's set_errorlog_format and parse_errorlog_item: "connection" or "request" before a format of their own, and
    /// each <c>%</c> item read as httpd reads it: <c>%%</c>, <c>% </c>, modifiers (<c>{arg}</c>, <c>+</c>, <c>-</c>, a
    /// level's digits), then <c>M</c> (not in the once-per-connection or once-per-request formats) or a registered letter.
    /// </summary>
    private static string? ErrorLogFormat(IReadOnlyList<string> args)
    {
        if (args.Count == 2 && !args[0].Equals("connection", StringComparison.OrdinalIgnoreCase) && !args[0].Equals("request", StringComparison.OrdinalIgnoreCase))
        {
            return "ErrorLogFormat type must be one of request, connection";
        }

        var format = args[^1];
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                continue;
            }

            i++;
            if (i < format.Length && format[i] is '%' or ' ')
            {
                // "%%" is a percent sign; "% " a field separator before text of its own.
                continue;
            }

            var done = false;
            while (i < format.Length && !done)
            {
                var c = format[i];
                if (c == '{')
                {
                    var close = format.IndexOf('}', i + 1);
                    i = close < 0 ? format.Length : close + 1;
                }
                else if (c is '+' or '-' || char.IsAsciiDigit(c))
                {
                    i++;
                }
                else if (c == 'M')
                {
                    if (args.Count == 2)
                    {
                        return "%M cannot be used in once-per-request or once-per-connection formats";
                    }

                    done = true;
                }
                else if (ErrorLogItems.Contains(c, StringComparison.Ordinal))
                {
                    done = true;
                }
                else
                {
                    return $"Unrecognized error log format directive %{c}";
                }
            }

            if (!done)
            {
                return "Ran off end of error log format parsing args to some directive";
            }
        }

        return null;
    }

    /// <summary>The methods httpd registers at start (ap_method_registry_init), with HEAD; others a module registers
    /// (mod_dav's) are not in Debian's default set.</summary>
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal)
    {
        "GET", "HEAD", "PUT", "POST", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY",
        "MOVE", "LOCK", "UNLOCK", "VERSION-CONTROL", "CHECKOUT", "UNCHECKOUT", "CHECKIN", "UPDATE", "LABEL", "REPORT",
        "MKWORKSPACE", "MKACTIVITY", "BASELINE-CONTROL", "MERGE",
    };

    private static string? Require(IReadOnlyList<string> args, Func<string, bool?> providerKnown)
    {
        if (args.Count == 0)
        {
            // add_authz_provider reads an empty provider name, which no module registers.
            return "Unknown Authz provider: ";
        }

        if (args[0].Equals("not", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var provider = args[0];
        var rest = args.Skip(1).ToList();
        if (!RequireProviders.TryGetValue(provider, out var module))
        {
            return providerKnown(provider) == false ? $"Unknown Authz provider: {provider}" : null;
        }

        if (providerKnown(module) == false)
        {
            return $"Unknown Authz provider: {provider}";
        }

        switch (provider.ToLowerInvariant())
        {
            case "all" when rest.Count != 1 || !(rest[0].Equals("granted", StringComparison.OrdinalIgnoreCase) || rest[0].Equals("denied", StringComparison.OrdinalIgnoreCase)):
                return $"Can't parse 'Require all {string.Join(' ', rest)}': Argument for 'Require all' must be 'granted' or 'denied'";
            case "expr" when rest.Count == 0:
                return "Cannot parse expression in require line: syntax error, unexpected $end";
            case "expr" when rest.Count == 1 && !rest[0].Contains("${", StringComparison.Ordinal):
                // One word: the expression in double quotes (taken off by the reader, as mod_authz_core takes them off).
                return ApacheExpr.RequireProblem(rest[0]);
            case "method" when rest.FirstOrDefault(m => !Methods.Contains(m)) is { } method:
                return $"Invalid Method '{method}'";
            case "ip" when rest.Count == 0:
                return "Can't parse 'Require ip ': 'require ip' requires an argument";
            case "ip":
                foreach (var word in rest)
                {
                    if (ApacheSubnet.Problem(word) is { } bad)
                    {
                        var reason = bad.Reason is null ? string.Empty : ": " + bad.Reason;
                        return $"Can't parse 'Require ip {string.Join(' ', rest)}': ip address '{word}' appears to be invalid{reason}";
                    }
                }

                break;
        }

        return null;
    }

    /// <summary>mod_access_compat's Allow/Deny from: env= and all aside, a word with '/' must be a subnet ("An IP address
    /// was expected" where it is none), a word like an address must be one, anything else is a host name.</summary>
    private static string? AccessProblem(string word)
    {
        if (word.StartsWith("env=", StringComparison.OrdinalIgnoreCase) || word.Equals("all", StringComparison.OrdinalIgnoreCase)
            || ApacheSubnet.Problem(word) is not { } bad)
        {
            return null;
        }

        return bad.Reason ?? (word.Contains('/', StringComparison.Ordinal) ? "An IP address was expected" : null);
    }

    private static string? Header(IReadOnlyList<string> args, bool always)
    {
        var i = 0;
        if (always && args.Count > 0 && (args[0].Equals("always", StringComparison.OrdinalIgnoreCase) || args[0].Equals("onsuccess", StringComparison.OrdinalIgnoreCase)))
        {
            i++;
        }

        var rest = args.Skip(i).ToList();
        var directive = always ? "Header" : "RequestHeader";
        if (rest.Count > 5)
        {
            return $"{directive} has too many arguments";
        }

        var action = rest.Count > 0 ? rest[0].ToLowerInvariant() : string.Empty;
        string? value = rest.Count > 2 ? rest[2] : null, subs = rest.Count > 3 ? rest[3] : null, clause = rest.Count > 4 ? rest[4] : null;
        if (action is not ("set" or "setifempty" or "add" or "append" or "merge" or "unset" or "echo" or "edit" or "edit*" or "note"))
        {
            return "first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'.";
        }

        if (action is "edit" or "edit*")
        {
            if (subs is null)
            {
                return "Header edit requires a match and a substitution";
            }
        }
        else
        {
            if (clause is not null)
            {
                return "Too many arguments to directive";
            }

            clause = subs;
        }

        if (action is "unset" or "echo")
        {
            if (value is not null)
            {
                if (clause is not null)
                {
                    return action == "unset" ? "header unset takes two arguments" : "Header echo takes two arguments";
                }

                clause = value;
            }

            if (action == "echo" && !always)
            {
                return "Header echo only valid on Header directives";
            }
        }
        else if (value is null)
        {
            return "Header requires three arguments";
        }

        if (clause is not null && !clause.Equals("early", StringComparison.OrdinalIgnoreCase)
            && !clause.StartsWith("env=", StringComparison.OrdinalIgnoreCase) && !clause.StartsWith("expr=", StringComparison.OrdinalIgnoreCase))
        {
            return $"Unknown parameter: {clause}";
        }

        if (clause is not null && clause.StartsWith("env=", StringComparison.OrdinalIgnoreCase) && clause.Length - 4 - (clause.Length > 4 && clause[4] == '!' ? 1 : 0) == 0)
        {
            return "error: missing environment variable name. envclause should be in the form env=envar ";
        }

        return null;
    }

    /// <summary>mod_rewrite reads its arguments itself (<c>parseargline</c>): two or three words, the third in brackets.</summary>
    private static string? Rewrite(ApacheDirective directive, bool rule)
    {
        var name = rule ? "RewriteRule" : "RewriteCond";
        if (directive.Arguments.Count == 0)
        {
            return $"{name}: bad argument line: at least two arguments required";
        }

        var source = directive.Arguments[0].Tree.Source.Text;
        var raw = source[directive.Arguments[0].Start..directive.Arguments[directive.Arguments.Count - 1].End];
        if (raw.Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }

        var words = ParseArgLine(raw);
        if (words.Count < 2)
        {
            return $"{name}: bad argument line: at least two arguments required";
        }

        // The pattern (a condition's second word, unless it is a file test, a comparison or an expression) must compile.
        var pattern = rule ? words[0] : words[1];
        pattern = pattern.StartsWith('!') ? pattern[1..] : pattern;
        var isRegex = rule || !(words[0].Equals("expr", StringComparison.Ordinal) || pattern.StartsWith('-') || pattern.StartsWith('<') || pattern.StartsWith('>') || pattern.StartsWith('='));
        if (isRegex && ApacheRegex.Refused(pattern))
        {
            return $"{name}: cannot compile regular expression '{pattern}'";
        }

        if (words.Count < 3)
        {
            return null;
        }

        var flags = words[2];
        if (flags.Length == 0 || flags[0] != '[')
        {
            return $"{name}: bad flag delimiters: third argument must begin with '[' but found '{(flags.Length > 0 ? flags[0] : ' ')}' - too many arguments or rogue whitespace?";
        }

        if (flags[^1] != ']')
        {
            return $"{name}: bad flag delimiters: third argument must end with ']' but found '{flags[^1]}' - unintended whitespace within the flags definition?";
        }

        foreach (var item in flags[1..^1].Split(','))
        {
            var flag = item.Trim();
            if (flag.Length == 0)
            {
                continue;
            }

            var eq = flag.IndexOf('=');
            var key = eq < 0 ? flag : flag[..eq];
            var value = eq < 0 ? string.Empty : flag[(eq + 1)..];
            if (!(rule ? IsRuleFlag(key) : IsCondFlag(key)))
            {
                return $"{name}: unknown flag '{key}'";
            }

            if (rule && (key.Equals("R", StringComparison.OrdinalIgnoreCase) || key.Equals("redirect", StringComparison.OrdinalIgnoreCase))
                && value.Length > 0 && char.IsAsciiDigit(value[0]) && !value.StartsWith("500", StringComparison.Ordinal) && !IsResponseCode(value))
            {
                return $"{name}: invalid HTTP response code '{value}' for flag 'R'";
            }
        }

        return null;
    }

    private static bool IsCondFlag(string key) =>
        new[] { "nocase", "NC", "ornext", "OR", "novary", "NV" }.Contains(key, StringComparer.OrdinalIgnoreCase);

    /// <summary>The keys <c>cmd_rewriterule_setflag</c> takes (by first letter, then the rest without case).</summary>
    private static bool IsRuleFlag(string key) => new[]
    {
        "B", "backrefescaping", "BNE", "BNP", "backrefernoplus", "BCTLS", "C", "chain", "CO", "cookie", "D", "DPI", "discardpath", "E", "env", "END",
        "F", "forbidden", "G", "gone", "H", "handler", "L", "last", "NE", "noescape", "N", "next", "NS", "nosubreq", "NC", "nocase",
        "P", "proxy", "PT", "passthrough", "QSA", "qsappend", "QSD", "qsdiscard", "QSL", "qslast", "R", "redirect", "S", "skip", "T", "type",
        "UnsafePrefixStat", "UnsafeAllow3F", "UNC",
    }.Contains(key, StringComparer.OrdinalIgnoreCase);

    /// <summary>mod_rewrite's <c>parseargline</c>: words split at blanks, a word may be quoted, a backslash keeps a blank;
    /// whatever follows the third word is ignored.</summary>
    private static List<string> ParseArgLine(string line)
    {
        var words = new List<string>();
        var i = 0;
        while (words.Count < 3)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }

            if (i >= line.Length)
            {
                break;
            }

            var quote = line[i] is '"' or '\'' ? line[i++] : '\0';
            var start = i;
            while (i < line.Length && !((char.IsWhiteSpace(line[i]) && quote == '\0') || line[i] == quote))
            {
                i += line[i] == '\\' && i + 1 < line.Length && char.IsWhiteSpace(line[i + 1]) ? 2 : 1;
            }

            words.Add(line[start..Math.Min(i, line.Length)]);
            i++;
        }

        return words;
    }
}
