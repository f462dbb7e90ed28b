using ConfLint.Syntax.Haproxy;

namespace ConfLint.Host.Haproxy;

/// <summary>
/// HAProxy's <c>.if</c>/<c>.elif</c>/<c>.else</c>/<c>.endif</c> blocks, walked line by line: a line counts when every
/// block around it is known to be taken. ConfLint decides only the constant conditions <c>0</c> and <c>1</c>; a block
/// whose condition it cannot decide (a variable, a version, a feature) is left out, and so are the branches after it.
/// </summary>
internal sealed class HaproxyConditions
{
    private readonly Stack<Frame> _frames = new();

    /// <summary>Whether ConfLint knows HAProxy reads <paramref name="line"/>; false for the block lines themselves.</summary>
    public bool Step(HaproxyLine line)
    {
        var outerTaken = _frames.All(f => f.State == State.Taking);
        switch (line.Name)
        {
            case ".if":
                _frames.Push(new Frame(!outerTaken ? State.Dropping : Evaluate(line), false));
                MarkTaken();
                return false;
            case ".elif" when _frames.Count > 0:
                Branch(Evaluate(line));
                return false;
            case ".else" when _frames.Count > 0:
                Branch(State.Taking);
                return false;
            case ".endif" when _frames.Count > 0:
                _frames.Pop();
                return false;
            default:
                return outerTaken;
        }
    }

    private void Branch(State condition)
    {
        var frame = _frames.Pop();
        var outerTaken = _frames.All(f => f.State == State.Taking);
        var state = !outerTaken || frame.AnyTaken ? State.Dropping
            : frame.State == State.Unknown || frame.Unknown ? State.Unknown
            : condition;
        _frames.Push(new Frame(state, frame.AnyTaken, frame.Unknown || frame.State == State.Unknown));
        MarkTaken();
    }

    private void MarkTaken()
    {
        var frame = _frames.Pop();
        _frames.Push(frame with { AnyTaken = frame.AnyTaken || frame.State == State.Taking });
    }

    private static State Evaluate(HaproxyLine line) => string.Join(' ', line.Args).Trim() switch
    {
        "1" => State.Taking,
        "0" => State.Dropping,
        _ => State.Unknown,
    };

    private enum State
    {
        Taking,
        Dropping,
        Unknown,
    }

    private readonly record struct Frame(State State, bool AnyTaken, bool Unknown = false);
}
