using CacheTasks.Diagnostics;

namespace CacheTasks.Requirements;

/// <summary>
/// Where a piece of a requirement's text was written, when the text was put together from
/// several places (a spec matrix joins one entry of each row): from 0-based <see cref="Offset"/>
/// in the text on, the text is the one at <see cref="Location"/>.
/// </summary>
public sealed record RequirementTextPart(int Offset, SourceLocation Location);
