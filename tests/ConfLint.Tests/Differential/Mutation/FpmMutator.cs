namespace ConfLint.Tests.Differential.Mutation;

/// <summary>
/// Everyday edits of a PHP-FPM file, drawn with a fixed seed: key typos, values the parsers refuse (pm, numbers,
/// booleans, times, log levels), the process manager's numbers out of order, '=' or ']' lost, a pool's listen, user
/// or pm removed, a pool key moved into [global], a pool copied under another name, sizes in php_admin_value; and
/// harmless ones: comments, spacing around '=', quoted values, neighbours swapped, booleans spelt On/TRUE.
/// </summary>
internal static class FpmMutator
{
    private sealed record Entry(int Index, string Key, string Value, string? Section);

    public static IEnumerable<Mutant> Mutate(string caseName, string file, string text, Random random, int perOperator)
    {
        var lines = text.Split('\n').ToList();
        var entries = new List<Entry>();
        var sections = new List<(int Index, string Name)>();
        string? section = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
                sections.Add((i, section));
                continue;
            }

            var eq = line.IndexOf('=');
            if (line.Length == 0 || line[0] == ';' || eq <= 0)
            {
                continue;
            }

            entries.Add(new Entry(i, line[..eq].Trim(), line[(eq + 1)..].Trim(), section));
        }

        if (entries.Count == 0)
        {
            yield break;
        }

        Mutant Make(string op, string detail, List<string> newLines, bool harmless) => new("php-fpm", caseName, file, op, detail, string.Join('\n', newLines), harmless);
        T Pick<T>(List<T> list) => list[random.Next(list.Count)];
        List<string> With(int index, string line)
        {
            var copy = lines.ToList();
            copy[index] = line;
            return copy;
        }

        var pool = entries.Where(e => e.Section is not null && e.Section != "global").ToList();
        for (var n = 0; n < perOperator; n++)
        {
            {
                var e = Pick(entries);
                var typo = NginxMutator.Typo(e.Key, random);
                yield return Make("key typo", $"{e.Key} -> {typo}", With(e.Index, $"{typo} = {e.Value}"), false);
            }

            {
                var e = Pick(entries);
                var value = ValueMistake(e.Key, e.Value, random);
                yield return Make("value mistake", $"{e.Key} = {e.Value} -> {value}", With(e.Index, $"{e.Key} = {value}"), false);
            }

            {
                var e = Pick(entries);
                yield return Make("'=' lost", e.Key, With(e.Index, $"{e.Key} {e.Value}"), false);
            }

            if (sections.Count > 0)
            {
                var (index, name) = Pick(sections);
                yield return Make("']' lost", name, With(index, "[" + name), false);
            }

            var removable = pool.Where(e => e.Key is "listen" or "user" or "pm" or "pm.max_children" or "group" or "pm.start_servers" or "pm.max_spare_servers").ToList();
            if (removable.Count > 0)
            {
                var e = Pick(removable);
                var copy = lines.ToList();
                copy.RemoveAt(e.Index);
                yield return Make("key removed", e.Key, copy, false);
            }

            var accounts = pool.Where(e => e.Key is "user" or "group" or "listen.owner" or "listen.group").ToList();
            if (accounts.Count > 0)
            {
                // An account this machine does not have: php-fpm looks it up at start (as root).
                var e = Pick(accounts);
                var value = random.Next(2) == 0 ? "www_data" : e.Value + "x";
                yield return Make("account unknown", $"{e.Key} = {e.Value} -> {value}", With(e.Index, $"{e.Key} = {value}"), false);
            }

            var numbers = pool.Where(e => e.Key.StartsWith("pm.", StringComparison.Ordinal) && e.Value.All(char.IsAsciiDigit) && e.Value.Length > 0).ToList();
            if (numbers.Count > 0)
            {
                var e = Pick(numbers);
                string[] values = ["0", "-1", "1", "200", "3"];
                var value = values[random.Next(values.Length)];
                yield return Make("process manager number", $"{e.Key} = {e.Value} -> {value}", With(e.Index, $"{e.Key} = {value}"), false);
            }

            if (pool.Count > 0)
            {
                var e = Pick(pool);
                var copy = lines.ToList();
                copy.RemoveAt(e.Index);
                copy.Insert(0, "[global]");
                copy.Insert(1, $"{e.Key} = {e.Value}");
                yield return Make("pool key moved into [global]", e.Key, copy, false);
            }

            if (sections.Any(s => s.Name != "global"))
            {
                var (index, name) = Pick(sections.Where(s => s.Name != "global").ToList());
                var end = sections.FirstOrDefault(s => s.Index > index).Index;
                var body = lines.Skip(index + 1).Take((end > index ? end : lines.Count) - index - 1).ToList();
                var copy = lines.ToList();
                copy.Add("[" + name + "-copy]");
                copy.AddRange(body);
                yield return Make("pool copied under another name", name, copy, false);
            }

            if (pool.Count > 0)
            {
                var e = Pick(pool);
                string[] sizes = ["php_admin_value[memory_limit] = 256MB", "php_admin_value[upload_max_filesize] = 64 M", "php_value[post_max_size] = 1G", "php_admin_flag[display_errors] = maybe", "php_admin_value[max_execution_time] = 30s"];
                var copy = lines.ToList();
                copy.Insert(e.Index + 1, sizes[random.Next(sizes.Length)]);
                yield return Make("php value added", copy[e.Index + 1], copy, false);
            }

            var globals = entries.Where(e => e.Section is "global" or null && e.Key != "include").ToList();
            if (globals.Count > 0 && sections.Any(s => s.Name != "global"))
            {
                var e = Pick(globals);
                var (index, _) = Pick(sections.Where(s => s.Name != "global").ToList());
                var copy = lines.ToList();
                copy.Insert(index + 1, $"{e.Key} = {e.Value}");
                yield return Make("global key moved into a pool", e.Key, copy, false);
            }

            // Harmless edits.
            {
                var e = Pick(entries);
                var copy = lines.ToList();
                copy.Insert(e.Index, "; tuned " + n);
                yield return Make("comment added", e.Key, copy, true);
            }

            {
                var e = Pick(entries);
                yield return Make("spacing around '='", e.Key, With(e.Index, $"  {e.Key}={e.Value}   "), true);
                var q = Pick(entries);
                if (!q.Value.Contains('"') && !q.Value.Contains('$') && q.Value.Length > 0)
                {
                    yield return Make("value quoted", q.Key, With(q.Index, $"{q.Key} = \"{q.Value}\""), true);
                }
            }

            var neighbours = entries.Zip(entries.Skip(1)).Where(p => p.Second.Index == p.First.Index + 1 && p.First.Section == p.Second.Section).ToList();
            if (neighbours.Count > 0)
            {
                var (a, b) = Pick(neighbours);
                var copy = lines.ToList();
                (copy[a.Index], copy[b.Index]) = (copy[b.Index], copy[a.Index]);
                yield return Make("neighbours swapped", $"{a.Key} / {b.Key}", copy, true);
            }

            var booleans = entries.Where(e => e.Value is "yes" or "no" or "on" or "off").ToList();
            if (booleans.Count > 0)
            {
                var e = Pick(booleans);
                var value = e.Value is "yes" or "on" ? (random.Next(2) == 0 ? "On" : "TRUE") : (random.Next(2) == 0 ? "Off" : "false");
                yield return Make("boolean spelt otherwise", $"{e.Key} = {value}", With(e.Index, $"{e.Key} = {value}"), true);
            }
        }
    }

    private static string ValueMistake(string key, string value, Random random)
    {
        string[] choices = key switch
        {
            "pm" => ["dyn", "Dynamic", "static ", "on-demand", "dynamic;"],
            "log_level" => ["verbose", "WARNING", "info", "warn"],
            "rlimit_core" => ["unlimted", "-1", "0", "infinity"],
            "listen" => ["9000", "127.0.0.1:9000", "/run/php/x.sock", "localhost:90o0", ""],
            "listen.mode" => ["0660", "660", "rw"],
            "user" or "group" => [""],
            _ when key.StartsWith("pm.", StringComparison.Ordinal) || key.StartsWith("process", StringComparison.Ordinal) || key.StartsWith("rlimit", StringComparison.Ordinal) || key.EndsWith("backlog", StringComparison.Ordinal) =>
                [value + "a", "five", "1.5", "-" + value, value + "s"],
            _ when value.EndsWith('s') || key.Contains("timeout", StringComparison.Ordinal) || key.Contains("interval", StringComparison.Ordinal) =>
                [value + "ec", value.TrimEnd('s') + "x", "10 s", "1h30m", "5m"],
            _ when value is "yes" or "no" or "on" or "off" => ["maybe", "y", "1", "disabled"],
            _ => [value + " ; note", value + " extra", "\"" + value],
        };
        return choices[random.Next(choices.Length)];
    }
}
