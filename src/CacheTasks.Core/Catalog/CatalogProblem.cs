namespace CacheTasks.Catalog;

/// <summary>
/// Something wrong in one part of a catalog file that is still used (a mirror index's install
/// with a dependency that cannot be resolved): reported as CT2001 at the line and column, the rest
/// of the file kept.
/// </summary>
public readonly record struct CatalogProblem(string Message, int Line, int Column);
