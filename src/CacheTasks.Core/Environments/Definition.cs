using YamlDotNet.RepresentationModel;

namespace CacheTasks.Environments;

/// <summary>
/// One entry of <c>definitions:</c>: a named list, the <c>when:</c> condition guarding it, and the
/// file it is in. Entries with the same name are concatenated, each kept only when its condition holds.
/// </summary>
internal sealed record Definition(string Name, YamlSequenceNode Items, string? When, YamlNode? WhenNode, string File);
