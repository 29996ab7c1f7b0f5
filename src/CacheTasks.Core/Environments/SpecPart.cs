using CacheTasks.Diagnostics;

namespace CacheTasks.Environments;

/// <summary>One spec string of an environment and where its first character is.</summary>
internal sealed record SpecPart(string Text, SourceLocation Location);
