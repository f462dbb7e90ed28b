using System.Runtime.InteropServices;
using ConfLint.Knowledge;
using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Host.Nginx;

/// <summary>
/// One level of nginx's configuration (main, http, server, location, if in location, upstream), with the
/// directives set at that level, included files spliced in. nginx merges each setting from the nearest
/// level that sets it, wherever in the block the directive stands. Its <see cref="Context"/> is the directive
/// tables' (<c>if</c> in a server and in a location are different contexts); a block whose body is not read as
/// directives of a context (<c>map</c>, <c>types</c>, a module's own block) has <see cref="NginxContext.None"/> and is
/// known by its <see cref="BlockName"/>.
/// </summary>
public sealed class NginxScope
{
    /// <summary>Above this many settings a level keeps an index of them by name.</summary>
    /// <remarks>A PHP location with <c>include fastcgi_params</c> holds 20 to 30 settings: a scan of that many names
    /// (one string each per name) is quicker than making an index for each of a tree's tens of thousands of them.</remarks>
    private const int IndexedFrom = 64;

    // The settings, once the level is read to its end: the directives in file order, and where they come from more
    // than one file (included files spliced in), the index at which each file's run starts. The tree's levels hold
    // millions of settings (a PHP location repeats its included fastcgi_params): a pair per setting in a list grown
    // by doubling was a quarter of the host model's memory.
    private NginxDirective[] _directives = [];
    private (int Start, ConfigFile File)[]? _runs;

    // While the level is read: the settings so far (in a list the reader keeps for the next level once this one is
    // sealed), and where they come from other files, the runs so far.
    private List<NginxDirective>? _building;
    private List<(int Start, ConfigFile File)>? _buildingRuns;
    private List<NginxScope>? _children;

    // The last directive of each name at this level: Own is asked for every pass of every location, and a main or
    // http level may hold tens of thousands of server blocks (a scan per question made CL005 quadratic). A small
    // level is scanned instead: a tree has tens of thousands of locations of a few directives each, and an index
    // for each took a third of the host model's memory.
    private Dictionary<string, int>? _last;

    // A bit for each name set at this level (a few names share a bit), made when the level is sealed: a name whose bit is
    // clear is not here, told without reading the level's directives. The rules ask each front end's levels, up to main,
    // for a dozen names, most of them set nowhere.
    private uint _names;

    private static uint NameBit(string name) =>
        name.Length == 0 ? 1u : 1u << (int)(((uint)name.Length * 7 + name[^1] + name[name.Length >> 1]) & 31);

    internal NginxScope(NginxScope? parent, NginxDirective? directive, ConfigFile? file, NginxContext context)
    {
        Parent = parent;
        Directive = directive;
        File = file;
        Context = context;
        if (parent is not null)
        {
            (parent._children ??= []).Add(this);
        }
    }

    public NginxScope? Parent { get; }

    /// <summary>The block directive that opens this level; null for main and for levels assumed around a lone file.</summary>
    public NginxDirective? Directive { get; }

    public ConfigFile? File { get; }

    public NginxContext Context { get; }

    /// <summary>The name of the block directive that opens this level (<c>location</c>, <c>map</c>), or null for main and
    /// for levels assumed around a lone file.</summary>
    public string? BlockName => Directive?.Name;

    /// <summary>Whether this level is the body of a block directive of that name (<c>map</c>).</summary>
    public bool IsBlock(string name) => Directive?.Name == name;

    public IReadOnlyList<NginxScope> Children => _children ?? (IReadOnlyList<NginxScope>)[];

    /// <summary>The directives set at this level, in file order, with the file each stands in.</summary>
    public SettingList Settings => new(this);

    /// <summary>Adds a setting while the level is read, in a list taken from <paramref name="spare"/> (or a new one).</summary>
    internal void Add(NginxDirective directive, ConfigFile file, Stack<List<NginxDirective>> spare)
    {
        if (_building is null)
        {
            if (_directives.Length > 0)
            {
                throw new InvalidOperationException("a level's settings were added to after it was sealed");
            }

            _building = spare.TryPop(out var list) ? list : new List<NginxDirective>(32);
        }

        if (_building.Count == 0 ? !ReferenceEquals(file, File) : !ReferenceEquals(file, FileOfLast()))
        {
            (_buildingRuns ??= []).Add((_building.Count, file));
        }

        _building.Add(directive);
    }

    private ConfigFile? FileOfLast() => _buildingRuns is { Count: > 0 } runs ? runs[^1].File : File;

    /// <summary>Ends the reading of this level: its settings are kept at their size, and the list they were gathered in
    /// goes back to <paramref name="spare"/>, emptied.</summary>
    internal void Seal(Stack<List<NginxDirective>> spare)
    {
        if (_building is null)
        {
            return;
        }

        // A block of settings alone, from its own file (a location of a few directives, most of a tree's levels), holds
        // what the block itself holds: its array is shared rather than copied.
        _directives = _buildingRuns is null && Directive?.Block?.DirectiveArray is { } own && ReferenceSequence.Same<NginxDirective>(own, CollectionsMarshal.AsSpan(_building)) ? own : _building.ToArray();
        if (_buildingRuns is { } runs)
        {
            // A level that starts in another file than its own has a run at 0; else the first run starts later and
            // the level's own file comes before it.
            _runs = runs[0].Start == 0 ? runs.ToArray() : [(0, File!), .. runs];
        }

        foreach (var directive in _directives)
        {
            _names |= NameBit(directive.Name);
        }

        _building.Clear();
        spare.Push(_building);
        _building = null;
        _buildingRuns = null;
        if (_directives.Length > IndexedFrom)
        {
            _last = new Dictionary<string, int>(_directives.Length * 2, StringComparer.Ordinal);
            for (var i = 0; i < _directives.Length; i++)
            {
                _last[_directives[i].Name] = i;
            }
        }
    }

    private ConfigFile FileAt(int index)
    {
        if (_runs is not { } runs)
        {
            return File!;
        }

        // The last run starting at or before the index.
        int low = 0, high = runs.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (runs[middle].Start <= index)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return runs[low].File;
    }

    /// <summary>A level's settings: each directive with the file it stands in.</summary>
    public readonly struct SettingList : IReadOnlyList<(NginxDirective Directive, ConfigFile File)>
    {
        private readonly NginxScope _scope;

        internal SettingList(NginxScope scope) => _scope = scope;

        public int Count => _scope._directives.Length;

        public (NginxDirective Directive, ConfigFile File) this[int index] => (_scope._directives[index], _scope.FileAt(index));

        public Enumerator GetEnumerator() => new(_scope);

        IEnumerator<(NginxDirective Directive, ConfigFile File)> IEnumerable<(NginxDirective Directive, ConfigFile File)>.GetEnumerator() => GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Walks the settings in order, following the file runs instead of looking each one up.</summary>
        public struct Enumerator : IEnumerator<(NginxDirective Directive, ConfigFile File)>
        {
            private readonly NginxScope _scope;
            private int _index;
            private int _run;

            internal Enumerator(NginxScope scope)
            {
                _scope = scope;
                _index = -1;
                _run = 0;
            }

            public readonly (NginxDirective Directive, ConfigFile File) Current =>
                (_scope._directives[_index], _scope._runs is { } runs ? runs[_run].File : _scope.File!);

            readonly object System.Collections.IEnumerator.Current => Current;

            public bool MoveNext()
            {
                if (++_index >= _scope._directives.Length)
                {
                    return false;
                }

                if (_scope._runs is { } runs)
                {
                    while (_run + 1 < runs.Length && runs[_run + 1].Start <= _index)
                    {
                        _run++;
                    }
                }

                return true;
            }

            public void Reset()
            {
                _index = -1;
                _run = 0;
            }

            public readonly void Dispose()
            {
            }
        }
    }

    /// <summary>The last directive of that name at this level, or null.</summary>
    public (NginxDirective Directive, ConfigFile File)? Own(string name)
    {
        if ((_names & NameBit(name)) == 0)
        {
            return null; // not sealed yet (nothing to find), or no directive of the name
        }

        if (_last is not null)
        {
            return _last.TryGetValue(name, out var index) ? (_directives[index], FileAt(index)) : null;
        }

        var directives = _directives;
        for (var i = directives.Length - 1; i >= 0; i--)
        {
            // Names are the parse's shared strings: the same reference, or (most of the scan) another length, is told
            // here without a call.
            var other = directives[i].Name;
            if (ReferenceEquals(other, name) || (other.Length == name.Length && string.Equals(other, name, StringComparison.Ordinal)))
            {
                return (directives[i], FileAt(i));
            }
        }

        return null;
    }

    /// <summary>The directive of that name that applies here: this level's, else the nearest enclosing level's.</summary>
    public (NginxDirective Directive, ConfigFile File)? Effective(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.Own(name) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The level at or above this one that holds <paramref name="directive"/>; this one when none does.</summary>
    public NginxScope LevelOf(NginxDirective directive)
    {
        for (var level = this; level is not null; level = level.Parent)
        {
            foreach (var setting in level._directives)
            {
                if (ReferenceEquals(setting, directive))
                {
                    return level;
                }
            }
        }

        return this;
    }

    /// <summary>This level and every level inside it, depth first.</summary>
    public IEnumerable<NginxScope> SelfAndDescendants()
    {
        // In document order (each level before its children), with a stack of pending levels rather than an iterator
        // per depth: a nested iterator passed each of a large tree's 90,000 levels up through every enclosing one.
        var pending = new Stack<NginxScope>();
        pending.Push(this);
        while (pending.TryPop(out var scope))
        {
            yield return scope;
            var children = scope.Children;
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }

    /// <summary>The enclosing server level, if any.</summary>
    public NginxScope? Server
    {
        get
        {
            for (var scope = this; scope is not null; scope = scope.Parent)
            {
                if (scope.Context == NginxContext.Server)
                {
                    return scope;
                }
            }

            return null;
        }
    }

    /// <summary>The main level at the top.</summary>
    public NginxScope Main
    {
        get
        {
            var scope = this;
            while (scope.Parent is not null)
            {
                scope = scope.Parent;
            }

            return scope;
        }
    }

    /// <summary>The contexts around this level, innermost first (this level's own included), as
    /// <see cref="NginxDirectiveTable.NearestAllowed"/> takes them.</summary>
    public IReadOnlyList<NginxContext> EnclosingContexts()
    {
        var contexts = new List<NginxContext>();
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            contexts.Add(scope.Context);
        }

        return contexts;
    }

    /// <summary>This level (at index 0) and the levels around it, innermost first.</summary>
    public IEnumerable<NginxScope> SelfAndAncestors()
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            yield return scope;
        }
    }

    public override string ToString() => Directive is null ? Context.Describe() : Directive.Signature;
}
