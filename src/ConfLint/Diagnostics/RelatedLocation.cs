namespace ConfLint.Diagnostics;

/// <summary>A place in another file that explains a finding: "pool 'www' listens here".</summary>
public sealed record RelatedLocation(Location Location, string Message);
