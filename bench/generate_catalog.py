#!/usr/bin/env python3
"""Writes a synthetic Spack binary-cache catalog shaped like the real develop tag.

Pages are written the way cache.spack.io's generate_cache.py writes G4 pages (see
../shared/catalog/SOURCE.md): YAML front matter whose `meta` and `spec_details` are one
json.dumps(..., sort_keys=True) line each, spec_details sorted by hash, no trailing newline.
Shape (defaults): 8,000 pages under <out>/develop/<package>/specs.md, about 60,000 specs,
a long tail of small pages and a few very large ones (boost-like: 684 specs, ~720 KB).
The output goes to a temporary folder; it is never committed.

usage: generate_catalog.py OUT [--pages N] [--specs N] [--seed N]
"""
import argparse
import json
import os
import random
import string

BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
OSES = [("ubuntu22.04", 30), ("ubuntu24.04", 10), ("ubuntu20.04", 8), ("rhel8", 10), ("amzn2", 6),
        ("sle_hpc15", 3), ("centos7", 3), ("ventura", 2), ("sonoma", 2), ("windows10.0.20348", 1)]
TARGETS = [("x86_64_v3", 40), ("aarch64", 10), ("neoverse_v1", 8), ("neoverse_v2", 6), ("x86_64_v4", 6),
           ("zen4", 3), ("ppc64le", 3), ("x86_64", 8), ("m1", 2)]
COMPILERS = [("gcc@11.4.0", 30), ("gcc@13.3.0", 12), ("gcc@12.3.0", 8), ("none", 25), ("gcc@10.5.0", 4),
             ("oneapi@2024.2.1", 4), ("clang@18.1.8", 3), ("apple-clang@15.0.0", 2), ("msvc@19.39.33523", 1)]
STACKS = ["root", "e4s", "e4s-neoverse_v1", "e4s-rocm-external", "ml-linux-x86_64-cpu", "ml-linux-x86_64-cuda",
          "ml-linux-x86_64-rocm", "data-vis-sdk", "radiuss", "developer-tools", "build_systems", "tutorial",
          "aws-pcluster-x86_64_v4", "aws-pcluster-neoverse_v1", "hep", "e4s-oneapi", "e4s-power"]
BUILD_SYSTEMS = ["generic", "cmake", "autotools", "python_pip", "makefile", "meson", "cargo"]
VARIANT_WORDS = ["shared", "mpi", "cuda", "rocm", "openmp", "pic", "static", "fortran", "python", "threads",
                 "debug", "docs", "tests", "zlib", "hdf5", "ipo", "lto", "examples", "int64", "complex",
                 "atomic", "chrono", "container", "context", "coroutine", "date_time", "exception", "filesystem",
                 "graph", "iostreams", "json", "locale", "log", "math", "program_options", "random", "regex",
                 "serialization", "signals", "system", "test", "timer", "type_erasure", "wave", "icu", "numpy"]
# (package, specs, variants per spec): the large pages the real develop tag has (SOURCE.md).
LARGE = [("boost", 684, 62), ("trilinos", 620, 62), ("py-torch", 420, 56), ("hdf5", 330, 52), ("petsc", 300, 54),
         ("paraview", 290, 54), ("llvm", 240, 56), ("python", 200, 50), ("vtk-m", 190, 54)]


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for value, w in pairs:
        x -= w
        if x <= 0:
            return value
    return pairs[-1][0]


def package_names(rng, n):
    prefixes = ["", "", "", "py-", "py-", "r-", "perl-", "lib"]
    names = set(name for name, _, _ in LARGE)
    out = []
    while len(out) < n - len(LARGE):
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 10)))
        name = rng.choice(prefixes) + word
        if rng.random() < 0.2:
            name += "-" + "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 6)))
        if name not in names:
            names.add(name)
            out.append(name)
    return out


def spec_counts(rng, names, total):
    # A long tail: most pages have a handful of specs (median ~4), a few dozens.
    weights = [rng.paretovariate(1.6) for _ in names]
    scale = total / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    # Truncation loses specs; give them back one by one to the pages that already have the most.
    order = sorted(range(len(counts)), key=lambda i: -weights[i])
    i = 0
    while sum(counts) < total:
        counts[order[i % 200]] += 1
        i += 1
    return counts


def version(rng):
    kind = rng.random()
    if kind < 0.7:
        return ".".join(str(rng.randint(0, 30)) for _ in range(rng.randint(2, 3)))
    if kind < 0.85:
        return "%d.%02d.%02d" % (rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
    if kind < 0.95:
        return "%d.%d.%d-%s" % (rng.randint(0, 9), rng.randint(0, 9), rng.randint(0, 9), rng.choice(["rc1", "beta", "custom"]))
    return rng.choice(["develop", "master", "main"])


def make_spec(rng, versions, nvariants, words):
    variants = ["build_system=" + rng.choice(BUILD_SYSTEMS)]
    for word in rng.sample(words, min(nvariants, len(words))):
        r = rng.random()
        if r < 0.75:
            variants.append(("+" if rng.random() < 0.5 else "~") + word)
        elif r < 0.9:
            variants.append("%s=%s" % (word, rng.choice(["none", "default", "1", "17", "release"])))
        else:
            variants.append("%s:=%s" % (word, ",".join(sorted(rng.sample(["a", "b", "c", "d"], 2)))))
    if rng.random() < 0.1:
        variants.append("patches:=" + ",".join("".join(rng.choice("0123456789abcdef") for _ in range(7)) for _ in range(rng.randint(1, 3))))
    target = weighted(rng, TARGETS)
    os_name = "sonoma" if target == "m1" else weighted(rng, OSES)
    platform = "darwin" if os_name in ("ventura", "sonoma") else "windows" if os_name.startswith("windows") else "linux"
    stacks = sorted(set(["root"] + rng.sample(STACKS[1:], rng.randint(0, 3))))
    return {
        "compiler": weighted(rng, COMPILERS),
        "hash": "".join(rng.choice(BASE32) for _ in range(32)),
        "os": os_name,
        "platform": platform,
        "size": "-",
        "stacks": stacks,
        "target": target,
        "variants": sorted(variants, key=lambda v: v.lstrip("+~")),
        "versions": [rng.choice(versions)],
    }


def page(name, tag, specs):
    specs.sort(key=lambda s: s["hash"])
    by_stack = {}
    for s in specs:
        for st in s["stacks"]:
            by_stack[st] = by_stack.get(st, 0) + 1
    meta = {
        "compilers": sorted({s["compiler"] for s in specs}),
        "num_specs": len(specs),
        "num_specs_by_stack": by_stack,
        "oss": sorted({s["os"] for s in specs}),
        "platforms": sorted({s["platform"] for s in specs}),
        "stacks": sorted(by_stack),
        "targets": sorted({s["target"] for s in specs}),
        "versions": sorted({v for s in specs for v in s["versions"]}),
    }
    return ("---\ntitle: \"%s\"\nlayout: cache\ncategories: [package, %s]\nmeta: %s\nspec_details: %s\n---"
            % (name, tag, json.dumps(meta, sort_keys=True), json.dumps(specs, sort_keys=True)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--pages", type=int, default=8000)
    parser.add_argument("--specs", type=int, default=60000)
    parser.add_argument("--tag", default="develop")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    names = package_names(rng, args.pages)
    large_total = sum(n for _, n, _ in LARGE)
    counts = spec_counts(rng, names, args.specs - large_total)
    pages = [(name, n, rng.choice([1, 2, 2, 3, 4, 6])) for name, n in zip(names, counts)] + LARGE
    total_specs = total_bytes = 0
    for name, n, nvariants in pages:
        versions = [version(rng) for _ in range(max(1, min(12, n // 4 + 1)))]
        pool = VARIANT_WORDS + ["option_%02d" % i for i in range(30)]
        words = rng.sample(pool, min(len(pool), max(nvariants + 2, 8)))
        specs = [make_spec(rng, versions, nvariants, words) for _ in range(n)]
        text = page(name, args.tag, specs)
        folder = os.path.join(args.out, args.tag, name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "specs.md"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        total_specs += n
        total_bytes += len(text)
    print("pages=%d specs=%d bytes=%d" % (len(pages), total_specs, total_bytes))


if __name__ == "__main__":
    main()
