using ConfLint.Diagnostics;

namespace ConfLint.Rules.Support;

/// <summary>What a rule's helper found, for the rule to report with its code and severity: where, what, the related
/// places, and the fix.</summary>
public sealed record Finding(Location Location, string Message, IReadOnlyList<RelatedLocation> Related, Fix? Fix = null);
