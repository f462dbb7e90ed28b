using System.Text;
using static ConfLint.Tests.Differential.Mutation.NginxStatements;

namespace ConfLint.Tests.Differential.Mutation;

/// <summary>
/// Everyday edits of an nginx file, drawn with a fixed seed: typos of names and values, a lost <c>;</c> or <c>}</c>,
/// lines repeated, moved into another block or deleted, arguments dropped or doubled, blocks without braces, listen
/// options (default servers, ports, ssl, socket options); and harmless ones: comments, spacing, line breaks between
/// arguments, quoting, neighbours swapped, a line moved into an included file, CRLF endings.
/// </summary>
internal static class NginxMutator
{
    private static readonly string[] ValueEdits = ["unit", "letter", "flag", "case", "number"];

    public static IEnumerable<Mutant> Mutate(string caseName, string file, string text, Random random, int perOperator)
    {
        var all = Read(text);
        var statements = all.Where(s => !s.Path.Any(IsRawBlock)).ToList();
        var simple = statements.Where(s => !s.IsBlock).ToList();
        var blocks = statements.Where(s => s.IsBlock && s.Close > 0 && !IsRawBlock(s.Name.Text(text))).ToList();
        if (statements.Count == 0)
        {
            yield break;
        }

        Mutant Make(string op, string detail, string newText, bool harmless) => new("nginx", caseName, file, op, detail, newText, harmless);
        T Pick<T>(List<T> list) => list[random.Next(list.Count)];
        string Name(Statement s) => s.Name.Text(text);

        for (var n = 0; n < perOperator; n++)
        {
            // Mistakes.
            if (simple.Count > 0)
            {
                var s = Pick(simple);
                yield return Make("missing ';'", Name(s), text.Remove(s.Terminator, 1), false);
            }

            {
                var s = Pick(statements);
                var typo = Typo(Name(s), random);
                yield return Make("name typo", $"{Name(s)} -> {typo}", Replace(text, s.Name, typo), false);
            }

            var withArgs = statements.Where(s => s.Args.Count > 0).ToList();
            if (withArgs.Count > 0)
            {
                var s = Pick(withArgs);
                var arg = Pick(s.Args);
                var edit = ValueEdits[random.Next(ValueEdits.Length)];
                var value = ValueTypo(arg.Text(text), edit, random);
                if (value != arg.Text(text))
                {
                    yield return Make("value typo", $"{Name(s)} {arg.Text(text)} -> {value}", Replace(text, arg, value), false);
                }

                var d = Pick(withArgs);
                yield return Make("argument dropped", Name(d), text.Remove(d.Args[^1].Start, d.Args[^1].End - d.Args[^1].Start), false);
                var e = Pick(withArgs);
                yield return Make("argument doubled", Name(e), text.Insert(e.Args[^1].End, " " + e.Args[^1].Text(text)), false);
            }

            if (simple.Count > 0)
            {
                var s = Pick(simple);
                var line = text[s.Start..s.End];
                yield return Make("line repeated", Name(s), text.Insert(s.End, "\n" + line), false);

                var target = blocks.Count > 0 ? Pick(blocks) : null;
                if (target is not null && target.Terminator != s.Terminator)
                {
                    yield return Make("line moved into another block", $"{Name(s)} into {Name(target)} {string.Join(' ', target.Args.Select(a => a.Text(text)))}", Move(text, s, target.Terminator + 1), false);
                }

                var del = Pick(simple);
                yield return Make("line deleted", Name(del), text.Remove(del.Start, del.End - del.Start), false);
            }

            if (blocks.Count > 0)
            {
                var b = Pick(blocks);
                yield return Make("'}' lost", Name(b), text.Remove(b.Close, 1), false);
                var extra = Pick(statements);
                yield return Make("'}' added", Name(extra), text.Insert(extra.End, "\n}"), false);
                var flat = Pick(blocks);
                yield return Make("block without braces", Name(flat), text[..flat.Terminator] + ";" + text[(flat.Close + 1)..], false);
            }

            var listens = simple.Where(s => Name(s) == "listen" && s.Args.Count > 0).ToList();
            if (simple.Count > 0)
            {
                var s = Pick(simple);
                yield return Make("simple directive given a block", Name(s), text[..s.Terminator] + " { }" + text[(s.Terminator + 1)..], false);
            }

            if (listens.Count > 0)
            {
                var l = Pick(listens);
                var (what, edited) = random.Next(7) switch
                {
                    0 => ("default_server added", text.Insert(l.Args[^1].End, " default_server")),
                    1 => ("port 70000", Replace(text, l.Args[0], PortTo(l.Args[0].Text(text), "70000"))),
                    2 => ("port 8o80", Replace(text, l.Args[0], PortTo(l.Args[0].Text(text), "8o80"))),
                    3 => ("ssl added", text.Insert(l.Args[^1].End, " ssl")),
                    4 => ("backlog added", text.Insert(l.Args[^1].End, " backlog=" + (random.Next(2) == 0 ? "511" : "many"))),
                    5 => ("reuseport added", text.Insert(l.Args[^1].End, " reuseport")),
                    _ => ("ipv6only added", text.Insert(l.Args[^1].End, " ipv6only=" + (random.Next(2) == 0 ? "on" : "yes"))),
                };
                yield return Make("listen " + what, l.Args[0].Text(text), edited, false);
            }

            if (blocks.Count > 0)
            {
                // A '}' typed too early: what followed it in the block now stands in the enclosing one.
                var b = Pick(blocks);
                var inside = statements.Where(s => s.Start > b.Terminator && s.End <= b.Close && s.Depth == b.Depth + 1).ToList();
                if (inside.Count > 1)
                {
                    var at = inside[1 + random.Next(inside.Count - 1)].Start;
                    yield return Make("'}' moved up", Name(b), text[..at] + "}\n" + text[at..b.Close] + text[(b.Close + 1)..], false);
                }

                var moved = Pick(blocks);
                var target = Pick(blocks);
                if (target.Start > moved.End || target.Close < moved.Start)
                {
                    yield return Make("block moved into another block", $"{Name(moved)} into {Name(target)}", Move(text, moved, target.Terminator + 1), false);
                }
            }

            var sets = withArgs.Where(s => s.Path.Length > 1 && s.Path[^1] is "server" or "location" && !s.IsBlock).ToList();
            if (sets.Count > 0)
            {
                // A value moved into a variable: fine where the directive takes variables, refused elsewhere.
                var s = Pick(sets);
                var arg = Pick(s.Args);
                var rewritten = text[..s.Start] + $"set $mutated {arg.Text(text)};\n" + text[s.Start..arg.Start] + "$mutated" + text[arg.End..];
                yield return Make("value through a variable", $"{Name(s)} {arg.Text(text)}", rewritten, false);
            }

            if (listens.Count > 1)
            {
                var first = Pick(listens);
                var second = Pick(listens);
                if (first != second)
                {
                    var later = first.Start > second.Start ? first : second;
                    var earlier = later == first ? second : first;
                    var edited = text.Insert(later.Args[^1].End, " backlog=256").Insert(earlier.Args[^1].End, " backlog=128");
                    yield return Make("listen options on two listens", $"{earlier.Args[0].Text(text)} / {later.Args[0].Text(text)}", edited, false);
                }
            }

            var regexes = statements.Select(s => (Statement: s, Arg: RegexArgument(s, text))).Where(r => r.Arg is not null).ToList();
            if (regexes.Count > 0)
            {
                var (s, arg) = Pick(regexes);
                var raw = arg!.Text(text);
                var quoted = raw.Length > 1 && raw[0] is '"' or '\'' && raw[^1] == raw[0];
                var inner = quoted ? raw[1..^1] : raw;
                var prefix = inner.StartsWith("~*", StringComparison.Ordinal) && Name(s) != "if" ? "~*" : inner.StartsWith('~') && Name(s) != "if" ? "~" : string.Empty;
                var (pattern, what, harmless) = RegexEdits.Edit(inner[prefix.Length..], random);
                // A word with '{', ';' or a space ends otherwise: the edited pattern is quoted.
                var word = quoted ? raw[0] + prefix + pattern + raw[0] : "\"" + prefix + pattern.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
                yield return Make("regex " + what, $"{Name(s)} {raw}", Replace(text, arg, word), harmless);
            }

            // Harmless edits.
            {
                var s = Pick(statements);
                yield return Make("comment added", Name(s), text.Insert(s.Start, "# checked by ops\n"), true);
            }

            if (withArgs.Count > 0)
            {
                var s = Pick(withArgs);
                var spaced = new StringBuilder(text[..s.Name.End]);
                for (var a = 0; a < s.Args.Count; a++)
                {
                    spaced.Append(random.Next(2) == 0 ? "\t " : "\n        ").Append(s.Args[a].Text(text));
                }

                spaced.Append(text[s.Args[^1].End..]);
                yield return Make("spacing and line breaks", Name(s), spaced.ToString(), true);

                var q = Pick(withArgs);
                var arg = Pick(q.Args);
                var value = arg.Text(text);
                if (value[0] is not ('"' or '\'') && !value.Contains('"') && !value.Contains('\\'))
                {
                    yield return Make("argument quoted", $"{Name(q)} {value}", Replace(text, arg, random.Next(2) == 0 ? $"\"{value}\"" : $"'{value}'"), true);
                }
            }

            var neighbours = simple.Zip(simple.Skip(1)).Where(p => p.First.Depth == p.Second.Depth && p.First.Path.SequenceEqual(p.Second.Path)
                && text[p.First.End..p.Second.Start].Trim().Length == 0).ToList();
            if (neighbours.Count > 0)
            {
                var (a, b) = Pick(neighbours);
                var swapped = text[..a.Start] + text[b.Start..b.End] + text[a.End..b.Start] + text[a.Start..a.End] + text[b.End..];
                yield return Make("neighbours swapped", $"{Name(a)} / {Name(b)}", swapped, true);
            }

            if (simple.Count > 0)
            {
                var s = Pick(simple);
                if (Name(s) != "include")
                {
                    var snippet = $"snippets/moved-{n}.conf";
                    var rewritten = text[..s.Start] + $"include {snippet};" + text[s.End..];
                    yield return Make("line moved into an include", Name(s), rewritten, true) with
                    {
                        ExtraFiles = new Dictionary<string, string> { [snippet] = text[s.Start..s.End] + "\n" },
                    };
                }
            }
        }

        yield return Make("CRLF line endings", "whole file", text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal), true);
        yield return Make("tabs for indentation", "whole file", string.Join('\n', text.Split('\n').Select(l => l.TrimStart(' ').Length < l.Length ? "\t" + l.TrimStart(' ') : l)), true);
    }

    /// <summary>The word of a statement nginx compiles as a regular expression, if any: a location's, rewrite's, an if
    /// condition's (when its ')' stands apart from it), a server_name starting with '~', a map key starting with '~'.</summary>
    private static Token? RegexArgument(Statement s, string text)
    {
        var name = s.Name.Text(text);
        var args = s.Args;
        string Arg(int i) => args[i].Text(text);
        if (s.Path.Length > 0 && s.Path[^1] == "map")
        {
            return name.StartsWith('~') ? s.Name : null;
        }

        return name switch
        {
            "location" when args.Count == 2 && Arg(0) is "~" or "~*" => args[1],
            "location" when args.Count == 1 && Arg(0).StartsWith('~') => args[0],
            "rewrite" when args.Count >= 2 => args[0],
            "if" when args.Count == 4 && Arg(1) is "~" or "~*" or "!~" or "!~*" && Arg(3) == ")" => args[2],
            "server_name" => args.FirstOrDefault(a => a.Text(text).StartsWith('~')),
            _ => null,
        };
    }

    private static string Replace(string text, Token token, string value) => text[..token.Start] + value + text[token.End..];

    private static string Move(string text, Statement s, int insertAt)
    {
        var line = text[s.Start..s.End];
        if (insertAt > s.End)
        {
            return text[..s.Start] + text[s.End..insertAt] + "\n" + line + text[insertAt..];
        }

        return text[..insertAt] + "\n" + line + text[insertAt..s.Start] + text[s.End..];
    }

    private static string PortTo(string address, string port)
    {
        var colon = address.LastIndexOf(':');
        return colon >= 0 && !address.EndsWith(']') ? address[..(colon + 1)] + port : address.All(char.IsAsciiDigit) ? port : address + ":" + port;
    }

    /// <summary>A keyboard slip: two neighbours swapped, a letter dropped or doubled, '_' for '-' and back.</summary>
    public static string Typo(string name, Random random)
    {
        if (name.Length < 3)
        {
            return name + name[^1];
        }

        var at = 1 + random.Next(name.Length - 2);
        return random.Next(4) switch
        {
            0 when name[at] != name[at + 1] => name[..at] + name[at + 1] + name[at] + name[(at + 2)..],
            1 => name.Remove(at, 1),
            2 => name.Insert(at, name[at].ToString()),
            _ when name.Contains('_') => name.Replace('_', '-'),
            _ => name.Remove(at, 1),
        };
    }

    /// <summary>What an operator gets wrong in a value: a unit (<c>10mb</c>, <c>30sec</c>), a stray letter, a flag word
    /// (<c>yes</c>), the case, a number.</summary>
    public static string ValueTypo(string value, string edit, Random random)
    {
        var bare = value.Trim('"', '\'');
        switch (edit)
        {
            case "unit" when bare.Length > 1 && char.IsAsciiDigit(bare[0]) && char.IsLetter(bare[^1]):
                return bare[^1] switch { 'm' => bare + "b", 'k' => bare + "b", 's' => bare + "ec", 'h' => bare + "r", 'd' => bare + "ays", 'M' => bare[..^1] + "MB", _ => bare + "s" };
            case "unit" when bare.Length > 0 && bare.All(char.IsAsciiDigit):
                return bare + (random.Next(2) == 0 ? "mb" : "sec");
            case "flag" when bare is "on" or "off":
                return bare == "on" ? "yes" : "no";
            case "case":
                return bare.ToUpperInvariant() == bare ? bare.ToLowerInvariant() : bare.ToUpperInvariant();
            case "number" when bare.Length > 0 && bare.All(char.IsAsciiDigit):
                return random.Next(2) == 0 ? "-" + bare : bare + "0000000000000000000000";
            default:
                return value.Length > 2 ? value.Insert(1 + random.Next(value.Length - 2), "x") : value + "x";
        }
    }
}
