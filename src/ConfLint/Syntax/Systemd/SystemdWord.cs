namespace ConfLint.Syntax.Systemd;

/// <summary>
/// A word of a value as systemd splits it: <see cref="Value"/> with quotes removed and escapes decoded;
/// <see cref="Start"/> and <see cref="End"/> are the character offsets of the word as written in the value,
/// quotes included (map them to the file with <see cref="SystemdEntry.ValueSpan"/>).
/// </summary>
public readonly record struct SystemdWord(string Value, int Start, int End)
{
    public override string ToString() => Value;
}
