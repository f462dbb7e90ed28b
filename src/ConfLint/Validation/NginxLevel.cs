using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>One block as nginx configures it (one configuration structure): its context, what was set in it (for
/// "is duplicate"), and the buffer settings it has, set here or inherited.</summary>
internal sealed class NginxLevel
{
    /// <summary>What a released level holds: nothing, and nothing is added to it.</summary>
    private static readonly List<(NginxDirective Directive, ConfigFile File)> Released = [];

    private readonly Lists? _lender;
    private List<(NginxDirective Directive, ConfigFile File)> _children;
    private List<int>? _set;
    private Dictionary<string, long[]>? _buffers;
    private List<NginxLevel>? _childLevels;

    /// <param name="capacity">How many directives the block holds as written (its children, includes apart): the list is
    /// made that size once rather than grown.</param>
    /// <param name="lender">Given where the walk will call <see cref="ReleaseChildren"/> once the block is judged: the
    /// level's lists are then lent from those of levels released before, and given back.</param>
    public NginxLevel(NginxContext context, NginxLevel? parent, NginxDirective? owner, ConfigFile? file, int capacity = 0, Lists? lender = null)
    {
        _lender = lender;
        _children = Released;
        Open(context, parent, owner, file, capacity);
    }

    /// <summary>A level for a block the walk releases once judged: one given back (<see cref="LeaveParentIfUnread"/>)
    /// by a level released before, made anew, or a new one. A large tree has tens of thousands of locations, and a level
    /// made for each was a fifth of what its validation allocated.</summary>
    public static NginxLevel Lend(NginxContext context, NginxLevel parent, NginxDirective owner, ConfigFile file, int capacity, Lists lender)
    {
        if (lender.Levels.TryPop(out var level))
        {
            level.Open(context, parent, owner, file, capacity);
            return level;
        }

        return new NginxLevel(context, parent, owner, file, capacity, lender);
    }

    private void Open(NginxContext context, NginxLevel? parent, NginxDirective? owner, ConfigFile? file, int capacity)
    {
        if (_lender is not null && _lender.Children.TryPop(out var lent))
        {
            _children = lent;
            _children.EnsureCapacity(capacity);
        }
        else
        {
            _children = new(capacity);
        }

        Context = context;
        Parent = parent;
        Owner = owner;
        File = file;
        Unseen = false;
        if (parent is not null)
        {
            (parent._childLevels ??= []).Add(this);
        }
    }

    public NginxContext Context { get; private set; }

    public NginxLevel? Parent { get; private set; }

    public NginxDirective? Owner { get; private set; }

    public ConfigFile? File { get; private set; }

    // A tree has a level for each of its tens of thousands of blocks and most set nothing that is kept here: the
    // collections are made when first written.

    /// <summary>Records that the last of <see cref="Children"/>, a directive nginx refuses twice, was set in this block
    /// (for "is duplicate"); <c>alias</c> counts as <c>root</c>.</summary>
    /// <remarks>A short list of places in the children, not a dictionary: the names are the table's directives that
    /// refuse a repeat, a few in most blocks and a few hundred at most, and a dictionary per block was a tenth of what a
    /// large tree's validation allocated.</remarks>
    public void AddSet(NginxDirective directive)
    {
        System.Diagnostics.Debug.Assert(ReferenceEquals(Children[^1].Directive, directive), "the directive set is the block's last child");
        _set ??= _lender is not null && _lender.Sets.TryPop(out var lent) ? lent : new(4);
        _set.Add(Children.Count - 1);
    }

    /// <summary>The directive of this block set earlier under <paramref name="key"/> (<c>root</c> for <c>alias</c>), if any.</summary>
    public bool TryGetSet(string key, out (NginxDirective Directive, ConfigFile File) earlier)
    {
        if (_set is not null)
        {
            foreach (var index in _set)
            {
                var child = Children[index];
                if (string.Equals(RepeatKey(child.Directive.Name), key, StringComparison.Ordinal))
                {
                    earlier = child;
                    return true;
                }
            }
        }

        earlier = default;
        return false;
    }

    /// <summary>The name a directive is refused twice under: <c>alias</c> and <c>root</c> are one setting.</summary>
    public static string RepeatKey(string name) => name is "alias" ? "root" : name;

    /// <summary>Buffer settings by name (<c>proxy_buffers</c>): the values read, set at this level.</summary>
    public Dictionary<string, long[]> Buffers => _buffers ??= new(StringComparer.Ordinal);

    /// <summary>Whether this level sets any buffer setting.</summary>
    public bool SetsBuffers => _buffers is { Count: > 0 };

    /// <summary>Whether this level sets the buffer setting <paramref name="name"/>.</summary>
    public bool SetsBuffer(string name) => _buffers is not null && _buffers.ContainsKey(name);

    /// <summary>The directives of this block, included files spliced in, in the order read so far.</summary>
    public List<(NginxDirective Directive, ConfigFile File)> Children => _children;

    /// <summary>Lets the directives go once the block is judged and nothing after the walk reads them (a level made with
    /// a lender gives its lists back to be lent again). Nothing is added to a level after this.</summary>
    public void ReleaseChildren()
    {
        if (ReferenceEquals(_children, Released))
        {
            return;
        }

        _children.Clear();
        if (_lender is not null && _children.Capacity <= 1024)
        {
            _lender.Children.Push(_children);
        }

        _children = Released;
        if (_set is not null && _lender is not null)
        {
            _set.Clear();
            _lender.Sets.Push(_set);
        }

        _set = null;
    }

    /// <summary>Takes a judged level that sets no buffer setting and keeps no inner level out of its parent's inner levels:
    /// only the buffer check reads them after the walk, and it has nothing to judge there or below. A large tree's tens of
    /// thousands of locations then go once judged, instead of living through the walk beside the host model. A released
    /// level made with a lender (<see cref="Lend"/>) is then held by nothing (no inner level is kept, and only servers and
    /// upstreams are listed for the checks after the walk), and is given back to be lent again.</summary>
    public void LeaveParentIfUnread()
    {
        if (SetsBuffers || _childLevels is { Count: > 0 } || Parent?._childLevels is not { Count: > 0 } siblings || !ReferenceEquals(siblings[^1], this))
        {
            return;
        }

        siblings.RemoveAt(siblings.Count - 1);
        if (_lender is not null && ReferenceEquals(_children, Released))
        {
            Parent = null;
            Owner = null;
            File = null;
            _lender.Levels.Push(this);
        }
    }

    /// <summary>
    /// The lists of levels released once judged (locations), lent again to the next such level of the same walk: a large
    /// tree has tens of thousands of locations, and a list of children and one of settings made for each were a third of
    /// what its validation allocated.
    /// </summary>
    public sealed class Lists
    {
        public Stack<List<(NginxDirective Directive, ConfigFile File)>> Children { get; } = new();

        public Stack<List<int>> Sets { get; } = new();

        /// <summary>Levels released, judged and out of their parents, to be lent again (<see cref="Lend"/>).</summary>
        public Stack<NginxLevel> Levels { get; } = new();
    }

    /// <summary>Whether nginx may read directives at this level that ConfLint did not: an include whose files were not
    /// all read stands here, or this is the level assumed around a lone file.</summary>
    public bool Unseen { get; set; }

    /// <summary>Whether a directive nginx would apply here may stand in text not read, at this level or around it.</summary>
    public bool MaySetUnseen()
    {
        for (var level = this; level is not null; level = level.Parent)
        {
            // An include at the main level brings main-level directives: none of a block inside http.
            if (level.Unseen && (level.Context != NginxContext.Main || level == this))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The blocks inside this one, in order.</summary>
    public IReadOnlyList<NginxLevel> ChildLevels => _childLevels ?? (IReadOnlyList<NginxLevel>)[];

    /// <summary>The effective value of a buffer setting: this level's, else the nearest enclosing level's.</summary>
    public long[]? Effective(string name)
    {
        for (var level = this; level is not null; level = level.Parent)
        {
            if (level._buffers is not null && level._buffers.TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return null;
    }
}
