using CacheTasks.Specs;

namespace CacheTasks.Concrete;

/// <summary>
/// One of Spack's node dicts (<c>Spec.to_node_dict</c>: an index install's <c>spec</c>, a
/// <c>spack.lock</c> <c>concrete_specs</c> entry) as <see cref="NodeDictReader"/> read it, until
/// every node of the file is known and <see cref="ConcreteGraphBuilder"/> can resolve its edges.
/// </summary>
internal sealed class NodeDict
{
    /// <summary>The key the node is listed under (the install's or the <c>concrete_specs</c> hash).</summary>
    public string Key = string.Empty;

    public int Line;
    public int Column;

    /// <summary>Where the node starts in the file (the lock reader locates its problems by it).</summary>
    public long Offset;

    /// <summary>The id of the hash edges find this node by (see <see cref="NodeDictReader.Id(InstallHash)"/>).</summary>
    public int Id;
    public string? Name;
    public string? Version;
    public string? Platform;
    public string? Os;
    public string? Target;
    public string? CompilerName;
    public string? CompilerVersion;
    public string? AnnotatedCompiler;

    /// <summary>The node's own hash (<c>hash</c>, or <c>_hash</c> in database v6), when it states one.</summary>
    public string? Hash;
    public VariantSet Variants = VariantSet.Empty;
    public NodeDictEdge[] Edges = [];

    /// <summary>False for an index install that is only a node (not pushed, an external).</summary>
    public bool InBuildCache = true;

    /// <summary>An external (<c>external</c> set): the user's own, never in a build cache.</summary>
    public bool External;

    /// <summary>The dependencies whose <c>virtuals</c> were not a list.</summary>
    public List<string>? VirtualsNotList;

    /// <summary>How messages name the node: <c>libelf@0.8.13/jr3yipy</c>.</summary>
    public string Label => (Name ?? "?") + (Version is null ? string.Empty : "@" + Version) + "/" + Truncate(Hash ?? Key, 7);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text.Substring(0, length);
}
