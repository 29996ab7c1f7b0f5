#!/usr/bin/env python3
"""Baseline (b): what a user would script: every page's front matter through PyYAML's C loader."""
import os
import sys

import yaml

specs = pages = 0
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        if not name.endswith(".md"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        if not text.startswith("---\n"):
            continue
        end = text.find("\n---", 3)
        front = yaml.load(text[4:end], Loader=yaml.CSafeLoader)
        details = front.get("spec_details") if isinstance(front, dict) else None
        if details is not None:
            specs += len(details)
            pages += 1
print("pages=%d specs=%d" % (pages, specs))
