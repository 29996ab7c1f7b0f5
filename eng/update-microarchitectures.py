#!/usr/bin/env python3
"""Writes CacheTasks' microarchitecture table from an archspec microarchitectures.json.

CacheTasks ships the facts (names, vendors, parents, features) in its own line format, not the
archspec file itself. Run this when archspec adds CPUs:

    python3 eng/update-microarchitectures.py path/to/microarchitectures.json \
        > src/CacheTasks.Core/Platform/Data/microarchitectures.txt
"""
import json
import sys


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    targets = data["microarchitectures"]
    out = sys.stdout
    out.write("# CacheTasks microarchitecture table: facts from archspec (Apache-2.0 OR MIT),\n")
    out.write("# https://github.com/archspec/archspec-json. Regenerate with eng/update-microarchitectures.py.\n")
    out.write("# name vendor parents cpupart generation features   ('-' = none; lists are comma-separated)\n")
    for name in sorted(targets):
        t = targets[name]
        parents = ",".join(t.get("from", [])) or "-"
        features = ",".join(sorted(t.get("features", []))) or "-"
        cpupart = t.get("cpupart") or "-"
        generation = t.get("generation", 0)
        out.write(f"{name} {t['vendor']} {parents} {cpupart} {generation} {features}\n")
    # Host detection facts: ARM 'CPU implementer' codes and macOS flag spellings.
    conversions = data.get("conversions", {})
    out.write("# !arm_vendor <CPU implementer code> <vendor name>\n")
    for code, vendor in sorted(conversions.get("arm_vendors", {}).items()):
        out.write(f"!arm_vendor {code} {vendor}\n")
    out.write("# !darwin_flags <sysctl flags>|<Linux flags>\n")
    for darwin, linux in sorted(conversions.get("darwin_flags", {}).items()):
        out.write(f"!darwin_flags {darwin}|{linux}\n")


if __name__ == "__main__":
    main(sys.argv[1])
