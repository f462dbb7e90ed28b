namespace ConfLint.Diagnostics;

/// <summary>A place in another file that explains a finding: "pool 'www' listens here".</summary>
public sealed record RelatedLocation(Location Location, string Message)
{
    /// <summary>What the place shows, at most <see cref="MessageText.MaxLength"/> characters.</summary>
    public string Message { get; init; } = MessageText.Clip(Message);
}
