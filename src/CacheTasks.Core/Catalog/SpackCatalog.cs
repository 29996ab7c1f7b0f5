using CacheTasks.Concrete;

namespace CacheTasks.Catalog;

/// <summary>Every binary the catalog sources list, looked up by package name.</summary>
/// <remarks>
/// Specs taken from the parsed-catalog cache are decoded only when their package is looked up:
/// a check names a few packages out of thousands, so a warm load decodes almost nothing.
/// </remarks>
public sealed class SpackCatalog
{
    private readonly Dictionary<string, Package> _byName;

    public SpackCatalog(IReadOnlyList<string> sources, IEnumerable<CatalogSpec> specs)
        : this(sources)
    {
        foreach (var spec in specs)
        {
            PackageFor(spec.Name).Add(spec);
            SpecCount++;
        }
    }

    private SpackCatalog(IReadOnlyList<string> sources)
    {
        Sources = sources;
        _byName = new Dictionary<string, Package>(StringComparer.Ordinal);
    }

    /// <summary>The sources as the user named them.</summary>
    public IReadOnlyList<string> Sources { get; }

    public int PackageCount => _byName.Count;

    public int SpecCount { get; private set; }

    public IEnumerable<string> PackageNames => _byName.Keys;

    public IReadOnlyList<CatalogSpec> SpecsFor(string name) =>
        _byName.TryGetValue(name, out var package) ? package.Specs : (IReadOnlyList<CatalogSpec>)Array.Empty<CatalogSpec>();

    /// <summary>What the summary counts of each spec of a package; specs not built yet stay so when their source can say without building them.</summary>
    internal IReadOnlyList<SpecFacts> FactsFor(string name) =>
        _byName.TryGetValue(name, out var package) ? package.Facts() : [];

    /// <summary>Builds a catalog from parsed specs and cached, not yet decoded, groups, keeping their order.</summary>
    internal sealed class Builder(IReadOnlyList<string> sources)
    {
        private readonly SpackCatalog _catalog = new(sources);

        public void Add(IReadOnlyList<CatalogSpec> specs)
        {
            foreach (var spec in specs)
            {
                _catalog.PackageFor(spec.Name).Add(spec);
            }

            _catalog.SpecCount += specs.Count;
        }

        /// <summary>Specs of one package that are decoded on first lookup; <paramref name="facts"/> tells the summary about them without decoding.</summary>
        public void AddDeferred(string name, int count, Func<IReadOnlyList<CatalogSpec>> decode, Func<IEnumerable<SpecFacts>> facts)
        {
            _catalog.PackageFor(name).AddDeferred(decode, facts);
            _catalog.SpecCount += count;
        }

        public SpackCatalog Build() => _catalog;
    }

    private Package PackageFor(string name)
    {
        if (!_byName.TryGetValue(name, out var package))
        {
            _byName[name] = package = new Package();
        }

        return package;
    }

    private sealed class Package
    {
        private readonly object _gate = new();
        private List<CatalogSpec> _specs = [];
        private List<(int At, Func<IReadOnlyList<CatalogSpec>> Decode, Func<IEnumerable<SpecFacts>> Facts)>? _deferred;

        public IReadOnlyList<CatalogSpec> Specs
        {
            get
            {
                if (Volatile.Read(ref _deferred) is null)
                {
                    return _specs;
                }

                lock (_gate)
                {
                    if (_deferred is { } deferred)
                    {
                        // Decoded groups go back where they were added, so the order is the load order.
                        var all = new List<CatalogSpec>(_specs.Count);
                        var next = 0;
                        foreach (var (at, decode, _) in deferred)
                        {
                            all.AddRange(_specs.Skip(next).Take(at - next));
                            next = at;
                            all.AddRange(decode());
                        }

                        all.AddRange(_specs.Skip(next));
                        _specs = all;
                        Volatile.Write(ref _deferred, null);
                    }

                    return _specs;
                }
            }
        }

        public void Add(CatalogSpec spec) => _specs.Add(spec);

        public void AddDeferred(Func<IReadOnlyList<CatalogSpec>> decode, Func<IEnumerable<SpecFacts>> facts) => (_deferred ??= []).Add((_specs.Count, decode, facts));

        public IReadOnlyList<SpecFacts> Facts()
        {
            lock (_gate)
            {
                var facts = _specs.Select(SpecFacts.Of).ToList();
                foreach (var (_, _, deferredFacts) in _deferred ?? [])
                {
                    facts.AddRange(deferredFacts());
                }

                return facts;
            }
        }
    }
}
