using System.Text.RegularExpressions;

namespace ConfLint.Tests.Differential.Mutation;

/// <summary>
/// Everyday edits of an Apache file, drawn with a fixed seed: directive typos, a section closed by the wrong tag or
/// not at all, values the handlers refuse (flags, Options, Require, RewriteRule flags, AllowOverride, ports),
/// arguments dropped or added, lines repeated or moved into another section, IfModule guards removed; and harmless
/// ones: comments, indentation, case of names, quoting, lines continued with a backslash, an IfModule for a module
/// that is not loaded around a line.
/// </summary>
internal static partial class ApacheMutator
{
    private sealed record Line(int Index, string Indent, string Name, string Rest, bool Opens, bool Closes);

    public static IEnumerable<Mutant> Mutate(string caseName, string file, string text, Random random, int perOperator)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var parsed = new List<Line>();
        for (var i = 0; i < lines.Count; i++)
        {
            var m = LineShape().Match(lines[i]);
            if (!m.Success || lines[i].TrimStart().StartsWith('#') || (i > 0 && lines[i - 1].EndsWith('\\')))
            {
                continue;
            }

            var head = m.Groups[2].Value;
            parsed.Add(new Line(i, m.Groups[1].Value, head.TrimStart('<', '/').TrimEnd('>'), m.Groups[3].Value, head.StartsWith('<') && !head.StartsWith("</"), head.StartsWith("</")));
        }

        var directives = parsed.Where(l => !l.Opens && !l.Closes).ToList();
        var opens = parsed.Where(l => l.Opens).ToList();
        var closes = parsed.Where(l => l.Closes).ToList();
        if (directives.Count == 0)
        {
            yield break;
        }

        Mutant Make(string op, string detail, List<string> newLines, bool harmless) => new("apache", caseName, file, op, detail, string.Join('\n', newLines), harmless);
        T Pick<T>(List<T> list) => list[random.Next(list.Count)];
        List<string> With(int index, string line)
        {
            var copy = lines.ToList();
            copy[index] = line;
            return copy;
        }

        for (var n = 0; n < perOperator; n++)
        {
            {
                var d = Pick(directives);
                var typo = NginxMutator.Typo(d.Name, random);
                yield return Make("name typo", $"{d.Name} -> {typo}", With(d.Index, d.Indent + typo + d.Rest), false);
            }

            if (closes.Count > 0)
            {
                var c = Pick(closes);
                var other = c.Name.Equals("Directory", StringComparison.OrdinalIgnoreCase) ? "Location" : c.Name.Equals("IfModule", StringComparison.OrdinalIgnoreCase) ? "IfDefine" : "Directory";
                yield return Make("section closed by another tag", $"</{c.Name}> -> </{other}>", With(c.Index, c.Indent + "</" + other + ">"), false);
                var lost = Pick(closes);
                var without = lines.ToList();
                without.RemoveAt(lost.Index);
                yield return Make("closing tag lost", lost.Name, without, false);
            }

            if (opens.Count > 0)
            {
                var o = Pick(opens);
                yield return Make("'>' lost", o.Name, With(o.Index, lines[o.Index].TrimEnd().TrimEnd('>')), false);
            }

            {
                var d = Pick(directives);
                var args = d.Rest.Trim();
                var value = ValueMistake(d.Name, args, random);
                if (value is not null && value != args)
                {
                    yield return Make("value mistake", $"{d.Name} {args} -> {value}", With(d.Index, d.Indent + d.Name + " " + value), false);
                }
            }

            {
                var d = Pick(directives);
                var words = Words(d.Rest);
                if (words.Count > 0)
                {
                    yield return Make("argument dropped", d.Name, With(d.Index, d.Indent + d.Name + " " + string.Join(' ', words.Take(words.Count - 1))), false);
                    yield return Make("argument added", d.Name, With(d.Index, d.Indent + d.Name + d.Rest + " " + words[^1]), false);
                }
            }

            {
                var d = Pick(directives);
                var copy = lines.ToList();
                copy.Insert(d.Index + 1, lines[d.Index]);
                yield return Make("line repeated", d.Name, copy, false);
            }

            if (opens.Count > 0)
            {
                var d = Pick(directives);
                var target = Pick(opens);
                var copy = lines.ToList();
                var line = copy[d.Index];
                copy.RemoveAt(d.Index);
                var at = target.Index < d.Index ? target.Index + 1 : target.Index;
                copy.Insert(at, line);
                yield return Make("line moved into another section", $"{d.Name} into <{target.Name}{target.Rest}>", copy, false);
                var top = Pick(directives);
                var moved = lines.ToList();
                var topLine = moved[top.Index];
                moved.RemoveAt(top.Index);
                moved.Add(topLine.TrimStart());
                yield return Make("line moved to the top level", top.Name, moved, false);
            }

            var guards = opens.Where(o => o.Name.Equals("IfModule", StringComparison.OrdinalIgnoreCase)).ToList();
            if (guards.Count > 0)
            {
                var g = Pick(guards);
                var close = Close(parsed, g);
                if (close is not null)
                {
                    var copy = lines.ToList();
                    copy.RemoveAt(close.Index);
                    copy.RemoveAt(g.Index);
                    yield return Make("IfModule guard removed", g.Rest.Trim(), copy, false);
                }
            }

            var regexLines = parsed.Where(l => !l.Closes && RegexWord(l) >= 0).ToList();
            if (regexLines.Count > 0)
            {
                var l = Pick(regexLines);
                var words = Word().Matches(l.Rest.TrimEnd().TrimEnd('>')).Select(m => m.Value).ToList();
                var index = RegexWord(l);
                var raw = words[index];
                var quoted = raw.Length > 1 && raw[0] == '"' && raw[^1] == '"';
                var inner = quoted ? raw[1..^1] : raw;
                var negated = inner.StartsWith('!') && !l.Opens;
                var (pattern, what, harmless) = RegexEdits.Edit(negated ? inner[1..] : inner, random);
                words[index] = "\"" + (negated ? "!" : string.Empty) + pattern.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
                var line = l.Indent + (l.Opens ? "<" : string.Empty) + l.Name + " " + string.Join(' ', words) + (l.Opens ? ">" : string.Empty);
                yield return Make("regex " + what, $"{l.Name} {raw}", With(l.Index, line), harmless);
            }

            {
                // A line copied from a guide for a module this server may not load.
                string[] foreign = ["ProxyPass /m http://127.0.0.1:9/", "Header set X-M 1", "RewriteEngine On", "ExpiresActive On", "SSLEngine on",
                    "AddOutputFilterByType DEFLATE text/html", "RemoteIPHeader X-Forwarded-For", "Protocols h2 http/1.1", "DirectoryIndex index.php",
                    "Require all granted", "AuthType Basic", "SetEnvIf Origin x ORIGIN", "php_value memory_limit 256M", "H2Push on", "ProxyTimeout 30"];
                var d = Pick(directives);
                var copy = lines.ToList();
                copy.Insert(d.Index, d.Indent + foreign[random.Next(foreign.Length)]);
                yield return Make("line of another module added", copy[d.Index].Trim(), copy, false);
            }

            if (opens.Count > 0)
            {
                // A whole section moved into another one.
                var o = Pick(opens);
                var close = Close(parsed, o);
                var target = Pick(opens);
                if (close is not null && (target.Index < o.Index || target.Index > close.Index))
                {
                    var block = lines.Skip(o.Index).Take(close.Index - o.Index + 1).ToList();
                    var copy = lines.ToList();
                    copy.RemoveRange(o.Index, block.Count);
                    var at = target.Index < o.Index ? target.Index + 1 : target.Index - block.Count + 1;
                    copy.InsertRange(at, block);
                    yield return Make("section moved into another section", $"<{o.Name}> into <{target.Name}>", copy, false);
                }
            }

            // Harmless edits.
            {
                var d = Pick(directives);
                var copy = lines.ToList();
                copy.Insert(d.Index, d.Indent + "# reviewed");
                yield return Make("comment added", d.Name, copy, true);
            }

            {
                var d = Pick(directives);
                var name = random.Next(2) == 0 ? d.Name.ToLowerInvariant() : d.Name.ToUpperInvariant();
                yield return Make("name case changed", $"{d.Name} -> {name}", With(d.Index, "\t\t" + name + d.Rest), true);
            }

            {
                var d = Pick(directives);
                var words = Words(d.Rest);
                if (words.Count > 1)
                {
                    var split = d.Indent + d.Name + " " + string.Join(' ', words.Take(words.Count - 1)) + " \\\n" + d.Indent + "    " + words[^1];
                    yield return Make("line continued", d.Name, With(d.Index, split), true);
                }

                var q = Pick(directives);
                var qWords = Words(q.Rest);
                if (qWords.Count == 1 && !qWords[0].Contains('"') && !qWords[0].Contains('\'') && !qWords[0].Contains('\\'))
                {
                    yield return Make("argument quoted", q.Name, With(q.Index, q.Indent + q.Name + " \"" + qWords[0] + "\""), true);
                }
            }

            {
                var d = Pick(directives);
                var copy = lines.ToList();
                copy.Insert(d.Index + 1, d.Indent + "</IfModule>");
                copy.Insert(d.Index, d.Indent + "<IfModule mod_nonexistent.c>");
                yield return Make("IfModule of a module not loaded added", d.Name, copy, true);
            }
        }
    }

    private static Line? Close(List<Line> parsed, Line open)
    {
        var depth = 0;
        foreach (var l in parsed.Where(l => l.Index > open.Index))
        {
            if (l.Opens)
            {
                depth++;
            }
            else if (l.Closes)
            {
                if (depth == 0)
                {
                    return l;
                }

                depth--;
            }
        }

        return null;
    }

    private static List<string> Words(string rest) => Word().Matches(rest).Select(m => m.Value).ToList();

    /// <summary>The value mistakes an operator makes with this directive, or a stray letter in its first argument.</summary>
    private static string? ValueMistake(string name, string args, Random random)
    {
        var lower = name.ToLowerInvariant();
        string[] choices = lower switch
        {
            "options" => ["FollowSymlink", "+FollowSymLinks Indexes", "-Indexes +Include", "Indexess", "None All"],
            "allowoverride" => ["Alll", "None FileInfo", "AuthConfig Limits", "All"],
            "require" => ["all grant", "granted", "all denied", "ip 127.0.0.1 localhost", "valid-user"],
            "rewriterule" => [args.Contains('[') ? args.Replace("L]", "LL]", StringComparison.Ordinal) : args + " [L,R=301]", args.Replace(",", ", ", StringComparison.Ordinal), args + " [R=3o1]", args + " [QSA,NC"],
            "rewritecond" => [args + " [NC,OR]", args + " [NV]", args.Replace("%{", "%(", StringComparison.Ordinal)],
            "rewriteengine" or "sslengine" or "expiresactive" or "proxypreservehost" or "proxyrequests" or "keepalive" or "hostnamelookups" or "sslhonorcipherorder" or "sslsessiontickets" or "acceptpathinfo" =>
                ["yes", "enabled", "On Off", "0", "onn"],
            "listen" => ["8o80", "70000", "127.0.0.1", "80 http https", "443"],
            "timeout" or "keepalivetimeout" or "maxkeepaliverequests" or "limitrequestbody" or "maxrequestworkers" or "threadsperchild" => ["30s", "-1", "abc", "5m", "1000000000000"],
            "loglevel" => ["verbose", "warn ssl:debug", "debug2"],
            "servertokens" => ["Production", "Minimal", "OS"],
            "serversignature" => ["Email", "maybe"],
            "sslprotocol" => ["TLSv1.4", "all -SSLv3 +TLSv1.3", "TLSv1.2 TLSv1.3"],
            "header" => ["set X-A", "sett X-A b", "always set X-A b early"],
            "proxypass" => ["/ http://127.0.0.1:8080/ retry=abc", "/ 127.0.0.1:8080", "http://127.0.0.1:8080/"],
            "directoryindex" => ["disabled index.php", "index.php"],
            "errordocument" => ["404", "999 /x.html", "404 /e.html extra"],
            "addtype" or "addcharset" or "addencoding" => ["text/plain"],
            _ => [],
        };
        if (choices.Length > 0)
        {
            return choices[random.Next(choices.Length)];
        }

        return args.Length > 2 ? args.Insert(1 + random.Next(args.Length - 2), "x") : null;
    }

    /// <summary>Which word of the line httpd compiles as a regular expression (-1: none): the *Match sections' first, the
    /// one after '~' in Directory, Location and Files, RewriteRule's first, RewriteCond's second where it is a pattern.</summary>
    private static int RegexWord(Line line)
    {
        var words = Word().Matches(line.Rest.TrimEnd().TrimEnd('>')).Select(m => m.Value.Trim('"')).ToList();
        if (line.Opens)
        {
            return line.Name.ToLowerInvariant() switch
            {
                "filesmatch" or "locationmatch" or "directorymatch" when words.Count == 1 => 0,
                "files" or "location" or "directory" when words.Count == 2 && words[0] == "~" => 1,
                _ => -1,
            };
        }

        return line.Name.ToLowerInvariant() switch
        {
            "rewriterule" when words.Count >= 2 && !words[0].Contains('$' + "{", StringComparison.Ordinal) => 0,
            "rewritecond" when words.Count >= 2 && words[1].TrimStart('!') is [not ('-' or '<' or '>' or '='), ..] && !words[0].Equals("expr", StringComparison.Ordinal) => 1,
            _ => -1,
        };
    }

    [GeneratedRegex(@"^(\s*)(</?[A-Za-z][\w:]*>?|[A-Za-z][\w:.]*)(.*)$")]
    private static partial Regex LineShape();

    [GeneratedRegex(@"""[^""]*""|'[^']*'|\S+")]
    private static partial Regex Word();
}
