using ConfLint.Knowledge;
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

    private readonly List<(NginxDirective Directive, ConfigFile File)> _settings;
    private List<NginxScope>? _children;

    // The last directive of each name at this level: Own is asked for every pass of every location, and a main or
    // http level may hold tens of thousands of server blocks (a scan per question made CL005 quadratic). A small
    // level is scanned instead: a tree has tens of thousands of locations of a few directives each, and an index
    // for each took a third of the host model's memory.
    private Dictionary<string, int>? _last;

    /// <param name="capacity">How many directives the block holds as written: the settings list is made that size once
    /// rather than grown (a block's nested blocks are counted too, so it may be a little large).</param>
    internal NginxScope(NginxScope? parent, NginxDirective? directive, ConfigFile? file, NginxContext context, int capacity = 0)
    {
        _settings = new(capacity);
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
    public IReadOnlyList<(NginxDirective Directive, ConfigFile File)> Settings => _settings;

    internal void Add(NginxDirective directive, ConfigFile file)
    {
        _settings.Add((directive, file));
        if (_last is not null)
        {
            _last[directive.Name] = _settings.Count - 1;
        }
        else if (_settings.Count > IndexedFrom)
        {
            _last = new Dictionary<string, int>(_settings.Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _settings.Count; i++)
            {
                _last[_settings[i].Directive.Name] = i;
            }
        }
    }

    /// <summary>The last directive of that name at this level, or null.</summary>
    public (NginxDirective Directive, ConfigFile File)? Own(string name)
    {
        if (_last is not null)
        {
            return _last.TryGetValue(name, out var index) ? _settings[index] : null;
        }

        for (var i = _settings.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_settings[i].Directive.Name, name, StringComparison.Ordinal))
            {
                return _settings[i];
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
            if (level._settings.Any(s => ReferenceEquals(s.Directive, directive)))
            {
                return level;
            }
        }

        return this;
    }

    /// <summary>This level and every level inside it, depth first.</summary>
    public IEnumerable<NginxScope> SelfAndDescendants()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var below in child.SelfAndDescendants())
            {
                yield return below;
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
