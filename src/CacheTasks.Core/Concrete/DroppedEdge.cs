namespace CacheTasks.Concrete;

/// <summary>
/// An edge <see cref="ConcreteGraphBuilder"/> left out of the graph: of node
/// <see cref="Node"/> (an index into the nodes given), because no node has its hash, or because
/// it leads back into a node still being walked (<see cref="Cycle"/>).
/// </summary>
internal readonly record struct DroppedEdge(int Node, NodeDictEdge Edge, bool Cycle);
