using ConfLint.Diagnostics;
using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// Directives nginx keeps as one list per level, <c>proxy_set_header</c> and <c>fastcgi_param</c> and kin: a level that
/// sets one of them takes none from the levels around it (<c>ngx_http_proxy_merge_loc_conf</c>: the whole list is
/// inherited only by a level that sets none). So an entry added at an inner level must come with copies of the
/// entries it would otherwise drop.
/// </summary>
public static class NginxListEdits
{
    /// <summary>The entries that apply at <paramref name="scope"/>, in order, and the level they come from; null where no
    /// level sets any.</summary>
    public static (NginxScope Level, List<(NginxDirective Directive, ConfigFile File)> Entries)? Effective(NginxScope scope, string name)
    {
        var level = NginxEdits.SettingLevel(scope, name);
        if (level is null)
        {
            return null;
        }

        // Counted first, so that the list is made at its size (the rules ask for each of a large tree's locations).
        var count = 0;
        foreach (var (directive, _) in level.Settings)
        {
            count += directive.Name == name ? 1 : 0;
        }

        var entries = new List<(NginxDirective Directive, ConfigFile File)>(count);
        foreach (var setting in level.Settings)
        {
            if (setting.Directive.Name == name)
            {
                entries.Add(setting);
            }
        }

        return (level, entries);
    }

    /// <summary>
    /// Makes the entry <c>name entry;</c> apply at <paramref name="scope"/> while every entry that applies there now still
    /// does: added to the level the entries come from when that level is the nearest that takes the directive or
    /// closer; otherwise written at that nearest level together with copies of the outer entries (an <c>include</c> that
    /// brings only such entries is copied as the <c>include</c>). Null where no level around takes the directive, and
    /// where a new list would start while an entry it drops (or one it repeats) may stand in text not read: an include
    /// not read, or the http block around a lone site file (a <c>proxy_set_header Connection ""</c> added to a location
    /// would silently drop the Host and X-Forwarded-For lines of an nginx.conf ConfLint did not see).
    /// </summary>
    public static FileEdit? Add(ConfigWorkspace workspace, NginxScope scope, string name, string entry, NginxVersion version, (NginxDirective Directive, ConfigFile File)? anchor = null)
    {
        var target = NginxEdits.NearestAllowed(scope, name, version);
        if (target is null)
        {
            return null;
        }

        var line = $"{name} {entry};";
        var effective = Effective(scope, name);
        if (effective is var (level, _) && NginxEdits.IsBetween(level, scope, target))
        {
            return NginxEdits.InsertInto(level, [line], LastEntryAnchor(level, name));
        }

        var from = effective is var (found, _) ? found : null;
        if (NginxUnseen.AssumedLevel(target, from) is not null || NginxUnseen.Include(workspace, target, from) is not null)
        {
            return null;
        }

        var lines = effective is var (outer, _) ? Copies(outer, name) : [];
        lines.Add(line);
        return NginxEdits.InsertInto(target, lines, anchor);
    }

    /// <summary>The directive written directly in the level's block after which a new entry goes: the last entry of
    /// the list there, or the <c>include</c> that brought it.</summary>
    private static (NginxDirective, ConfigFile)? LastEntryAnchor(NginxScope level, string name)
    {
        (NginxDirective, ConfigFile)? current = null;
        (NginxDirective, ConfigFile)? found = null;
        foreach (var (directive, file) in level.Settings)
        {
            if (IsWrittenIn(level, directive, file))
            {
                current = (directive, file);
            }

            if (directive.Name == name)
            {
                found = current;
            }
        }

        return found;
    }

    /// <summary>The text of the level's entries as lines to write elsewhere: each entry written in its block as it is, an
    /// <c>include</c> whose file holds nothing but such entries as that <c>include</c>, any other included entry as it is.</summary>
    public static List<string> Copies(NginxScope level, string name)
    {
        var lines = new List<string>();
        var settings = level.Settings;
        for (var i = 0; i < settings.Count; i++)
        {
            var (directive, file) = settings[i];
            if (!IsWrittenIn(level, directive, file))
            {
                continue;
            }

            if (directive.Name == name)
            {
                lines.Add(directive.ToString());
                continue;
            }

            if (directive.Name != "include")
            {
                continue;
            }

            var brought = new List<NginxDirective>();
            for (var j = i + 1; j < settings.Count && !IsWrittenIn(level, settings[j].Directive, settings[j].File); j++)
            {
                brought.Add(settings[j].Directive);
            }

            var entries = brought.Where(d => d.Name == name).ToList();
            if (entries.Count == 0)
            {
                continue;
            }

            if (brought.All(d => d.Name == name || d.Name == "include"))
            {
                lines.Add(directive.ToString());
            }
            else
            {
                lines.AddRange(entries.Select(e => e.ToString()));
            }
        }

        return lines;
    }

    /// <summary>Whether the directive stands directly in the level's own block (not in a file an <c>include</c> brings).</summary>
    public static bool IsWrittenIn(NginxScope level, NginxDirective directive, ConfigFile file) =>
        file == level.File && (level.Directive is { Block: { } block } ? ReferenceEquals(directive.ParentBlock, block) : directive.ParentBlock is null);
}
