#!/usr/bin/env python3
"""Baseline (c): the json module on the pages' JSON lines (meta and spec_details), skipping YAML."""
import json
import os
import sys

specs = pages = 0
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        if not name.endswith(".md"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            for line in f:
                if line.startswith(b"meta: "):
                    json.loads(line[6:])
                elif line.startswith(b"spec_details: "):
                    specs += len(json.loads(line[14:]))
                    pages += 1
print("pages=%d specs=%d" % (pages, specs))
