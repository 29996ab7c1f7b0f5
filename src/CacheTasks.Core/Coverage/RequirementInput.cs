using CacheTasks.Diagnostics;

namespace CacheTasks.Coverage;

/// <summary>
/// A requirement as declared, before parsing: the spec text and the item's metadata, all as
/// the user wrote them (empty strings mean "not given").
/// </summary>
public sealed record RequirementInput(
    string Text,
    string? Stack = null,
    string? Severity = null,
    string? Version = null,
    string? Arch = null,
    SourceLocation? Location = null);
