using System.Text.RegularExpressions;
using ConfLint.Syntax.Apache;

namespace ConfLint.Host.Apache;

/// <summary>
/// The <c>SetHandler</c>s that a later one replaces for every request they would serve. httpd keeps one handler per
/// request: each section that applies is merged over the ones before it, and core's merge takes the newer
/// <c>SetHandler</c> (merge_core_dir_configs: <c>if (new-&gt;expr_handler) conf-&gt;expr_handler = new-&gt;expr_handler</c>;
/// core_override_type then sets r-&gt;handler from it, <c>None</c> included, which leaves the default handler). Sections of
/// one kind are merged in the order they appear (sections.html, "How the sections are merged": <c>&lt;Files&gt;</c> and
/// <c>&lt;FilesMatch&gt;</c> together, <c>&lt;Location&gt;</c> and <c>&lt;LocationMatch&gt;</c> together; "sections
/// inside &lt;VirtualHost&gt; sections are applied after the corresponding sections outside", so a virtual host's own
/// handler is never replaced by the main server's). A handler is taken as replaced only where that is provable: the later
/// <c>SetHandler</c> stands in the same enclosing scope (the main server, one <c>&lt;VirtualHost&gt;</c> or one
/// <c>&lt;Directory&gt;</c>), in the same section or one of the same kind whose match covers the earlier one's, outside any
/// <c>&lt;If&gt;</c> (evaluated per request); <c>&lt;Files&gt;</c> patterns are compared on sample file names
/// (<see cref="SampleNames"/>): every sample the earlier pattern matches must match the later one.
/// </summary>
internal static class ApacheHandlerOverrides
{
    /// <summary>File names a PHP handler's pattern is tried on: the usual PHP extensions and names that tell patterns apart
    /// (letter case, digits, dashes, spaces, several dots, a leading dot, other extensions). Not a name that is only an
    /// extension (<c>.php</c>): no application serves a script so named, and Debian's php8.2-fpm.conf denies it
    /// (<c>&lt;FilesMatch "^\.ph(?:ar|p|ps|tml)$"&gt; Require all denied</c>), which is why its handler's
    /// <c>.+\.ph(?:ar|p|tml)$</c> is taken to cover a <c>\.php$</c>.</summary>
    private static readonly string[] SampleNames =
    [
        "index.php", "x.php", "admin.php", "X_9-y.z.php", "a b.php", "0.php", "-.php", "~x.php", ".x.php", "Index.PHP", "php",
        "x.phtml", "x.phar", "x.php5", "x.php7", "x.phps", "x.inc", "x.php.txt", "x.html", "index.html", "x", "x.cgi", "x.pl", "x.py",
    ];

    /// <summary>For each entry of <paramref name="instance"/>'s directives (by index) whose <c>SetHandler</c> a later one
    /// replaces, that later entry. Worked out once per instance from its <c>SetHandler</c>s alone.</summary>
    public static Dictionary<int, ApacheEntry> Find(ApacheInstance instance)
    {
        var handlers = new List<(int Index, Placement Placement)>();
        for (var i = 0; i < instance.Directives.Count; i++)
        {
            var entry = instance.Directives[i];
            if (entry.Directive.IsNamed("SetHandler") && entry.Directive.Args.Count >= 1 && Place(entry) is { } placement)
            {
                handlers.Add((i, placement));
            }
        }

        var overridden = new Dictionary<int, ApacheEntry>();
        if (handlers.Count < 2)
        {
            return overridden;
        }

        var matches = new Dictionary<ApacheSection, bool[]?>(ReferenceEqualityComparer.Instance);
        for (var a = 0; a < handlers.Count; a++)
        {
            for (var b = handlers.Count - 1; b > a; b--)
            {
                var (earlier, later) = (handlers[a], handlers[b]);
                if (SameScope(earlier.Placement.Scope, later.Placement.Scope) && Covers(instance, earlier, later, matches))
                {
                    overridden[earlier.Index] = instance.Directives[later.Index];
                    break;
                }
            }
        }

        return overridden;
    }

    /// <summary>Where a <c>SetHandler</c> stands: the section that limits it (<c>&lt;Files&gt;</c>, <c>&lt;Location&gt;</c>,
    /// <c>&lt;Directory&gt;</c> or their Match forms; null directly in its scope) and the scope around that section (the
    /// <c>&lt;VirtualHost&gt;</c> and <c>&lt;Directory&gt;</c>, outermost first). The conditions read at start
    /// (<c>&lt;IfModule&gt;</c>, <c>&lt;IfDefine&gt;</c> and kin) are already judged and left out; null inside anything
    /// else (<c>&lt;If&gt;</c>, <c>&lt;Proxy&gt;</c>, <c>&lt;Limit&gt;</c>): not judged.</summary>
    private static Placement? Place(ApacheEntry entry)
    {
        var kept = new List<ApacheSection>(entry.Sections.Count);
        foreach (var section in entry.Sections)
        {
            if (IsReadAtStart(section))
            {
                continue;
            }

            if (!(section.IsNamed("VirtualHost") || Kind(section) is not null))
            {
                return null;
            }

            kept.Add(section);
        }

        return kept.Count > 0 && !kept[^1].IsNamed("VirtualHost")
            ? new Placement(kept[^1], kept[..^1])
            : new Placement(null, kept);
    }

    private static bool IsReadAtStart(ApacheSection section) =>
        section.IsNamed("IfModule") || section.IsNamed("IfDefine") || section.IsNamed("IfVersion") || section.IsNamed("IfFile")
        || section.IsNamed("IfDirective") || section.IsNamed("IfSection");

    /// <summary>The merge pass a section belongs to (core's sec_dir, sec_file, sec_url), or null.</summary>
    private static string? Kind(ApacheSection section) =>
        section.IsNamed("Files") || section.IsNamed("FilesMatch") ? "Files"
        : section.IsNamed("Location") || section.IsNamed("LocationMatch") ? "Location"
        : section.IsNamed("Directory") || section.IsNamed("DirectoryMatch") ? "Directory"
        : null;

    private static bool SameScope(IReadOnlyList<ApacheSection> a, IReadOnlyList<ApacheSection> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!ReferenceEquals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="later"/>'s handler is merged over <paramref name="earlier"/>'s for every request
    /// that reaches the earlier: the same section (or both directly in the scope); two <c>&lt;Files&gt;</c>-kind sections
    /// where every sample name the earlier matches the later matches too; a <c>&lt;Location "/"&gt;</c> after a
    /// <c>&lt;Location&gt;</c>-kind one; two sections of the same name and the same argument. <c>&lt;Directory&gt;</c>s are
    /// merged shortest path first (ap_core_reorder_directories), not in config order: only the same path counts.</summary>
    private static bool Covers(ApacheInstance instance, (int Index, Placement Placement) earlier, (int Index, Placement Placement) later, Dictionary<ApacheSection, bool[]?> matches)
    {
        var (first, second) = (earlier.Placement.Section, later.Placement.Section);
        if (first is null || second is null)
        {
            return first is null && second is null;
        }

        if (ReferenceEquals(first, second))
        {
            return true;
        }

        var kind = Kind(first);
        if (kind != Kind(second))
        {
            return false;
        }

        var firstArgs = string.Join(' ', first.Args.Select(instance.Expand));
        var secondArgs = string.Join(' ', second.Args.Select(instance.Expand));
        if (first.Name.Equals(second.Name, StringComparison.OrdinalIgnoreCase) && firstArgs == secondArgs)
        {
            return true;
        }

        if (kind == "Location")
        {
            return second.IsNamed("Location") && second.Args.Count == 1 && instance.Expand(second.Args[0]) == "/";
        }

        if (kind != "Files")
        {
            return false;
        }

        var a = Matched(instance, first, matches);
        var b = Matched(instance, second, matches);
        if (a is null || b is null || !a.Any(m => m))
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] && !b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Which of <see cref="SampleNames"/> a <c>&lt;Files&gt;</c>-kind section matches, as httpd's file walk does
    /// (ap_file_walk: a regex, <c>&lt;FilesMatch&gt;</c> or <c>&lt;Files ~&gt;</c>, searched in the file name; else
    /// apr_fnmatch of the whole name); null where the pattern is not read (a bracket wildcard, a regex .NET refuses).</summary>
    private static bool[]? Matched(ApacheInstance instance, ApacheSection section, Dictionary<ApacheSection, bool[]?> matches)
    {
        if (matches.TryGetValue(section, out var known))
        {
            return known;
        }

        Regex? regex = null;
        try
        {
            if (section.IsNamed("FilesMatch") && section.Args.Count == 1)
            {
                regex = new Regex(instance.Expand(section.Args[0]), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            else if (section.IsNamed("Files") && section.Args.Count == 2 && section.Args[0] == "~")
            {
                regex = new Regex(instance.Expand(section.Args[1]), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            else if (section.IsNamed("Files") && section.Args.Count == 1 && instance.Expand(section.Args[0]) is var wildcard && !wildcard.Contains('[', StringComparison.Ordinal) && !wildcard.Contains('\\', StringComparison.Ordinal))
            {
                regex = new Regex("^" + Regex.Escape(wildcard).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }

            known = regex is null ? null : SampleNames.Select(regex.IsMatch).ToArray();
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            known = null;
        }

        matches[section] = known;
        return known;
    }

    private sealed record Placement(ApacheSection? Section, IReadOnlyList<ApacheSection> Scope);
}
