using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>One block as nginx configures it (one configuration structure): its context, what was set in it (for
/// "is duplicate"), and the buffer settings it has, set here or inherited.</summary>
internal sealed class NginxLevel
{
    public NginxLevel(NginxContext context, NginxLevel? parent, NginxDirective? owner, ConfigFile? file)
    {
        Context = context;
        Parent = parent;
        Owner = owner;
        File = file;
        parent?.ChildLevels.Add(this);
    }

    public NginxContext Context { get; }

    public NginxLevel? Parent { get; }

    public NginxDirective? Owner { get; }

    public ConfigFile? File { get; }

    public Dictionary<string, (NginxDirective Directive, ConfigFile File)> Set { get; } = new(StringComparer.Ordinal);

    /// <summary>Buffer settings by name (<c>proxy_buffers</c>): the values read, set at this level.</summary>
    public Dictionary<string, long[]> Buffers { get; } = new(StringComparer.Ordinal);

    public List<(NginxDirective Directive, ConfigFile File)> Children { get; } = [];

    /// <summary>Whether nginx may read directives at this level that ConfLint did not: an include whose files were not
    /// all read stands here, or this is the level assumed around a lone file.</summary>
    public bool Unseen { get; set; }

    /// <summary>Whether a directive nginx would apply here may stand in text not read, at this level or around it.</summary>
    public bool MaySetUnseen()
    {
        for (var level = this; level is not null; level = level.Parent)
        {
            if (level.Unseen)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The blocks inside this one, in order.</summary>
    public List<NginxLevel> ChildLevels { get; } = [];

    /// <summary>The effective value of a buffer setting: this level's, else the nearest enclosing level's.</summary>
    public long[]? Effective(string name)
    {
        for (var level = this; level is not null; level = level.Parent)
        {
            if (level.Buffers.TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return null;
    }
}
