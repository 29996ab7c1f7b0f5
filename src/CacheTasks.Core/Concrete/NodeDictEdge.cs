namespace CacheTasks.Concrete;

/// <summary>
/// A dependency edge of a node dict as read: <see cref="Target"/> is the id of the dependency's
/// hash (-1 once the edge is left out), <see cref="At"/> where the edge starts in the file.
/// </summary>
internal struct NodeDictEdge
{
    public int Target;
    public string Name;
    public DependencyTypes Types;
    public IReadOnlyList<string> Virtuals;
    public long At;
}
