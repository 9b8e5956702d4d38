#!/usr/bin/env python3
"""Turns pages of a rendered PDF into landscape pages (eval/metadata/README.md).

vigie-docgen only lays out A4 portrait pages. A page listed here keeps its content and gets an
A4 landscape MediaBox anchored at the top of the portrait page: a real landscape page, as a
word processor's landscape section gives, whose text sits horizontally in its upper part. The
content must fit in the top 595 points of the portrait page (the footer, below, is left out).

    landscape.py IN.pdf OUT.pdf 2,5

Needs qpdf (Debian package qpdf, 11 or later, for --update-from-json).
"""

import json
import os
import re
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: landscape.py IN.pdf OUT.pdf PAGE[,PAGE...]")
    src, dst, spec = sys.argv[1:]
    pages = [int(p) for p in spec.split(",") if p.strip()]
    shown = subprocess.run(
        ["qpdf", "--show-pages", src], capture_output=True, text=True, check=True
    ).stdout
    pattern = re.compile(r"^page (\d+): (\d+ \d+ R)", re.M)
    refs = {int(m.group(1)): m.group(2) for m in pattern.finditer(shown)}
    objects = {}
    for p in pages:
        if p not in refs:
            sys.exit(f"landscape.py: {src} has no page {p}")
        ref = refs[p]
        dump = subprocess.run(
            ["qpdf", "--json-output=2", "--json-key=qpdf", "--json-object=" + ref, src],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        page = json.loads(dump)["qpdf"][1]["obj:" + ref]
        _, _, width, height = page["value"]["/MediaBox"]
        page["value"]["/MediaBox"] = [0, round(height - width, 2), height, height]
        objects["obj:" + ref] = page
    update = {
        "qpdf": [
            {
                "jsonversion": 2,
                "pushedinheritedpageresources": False,
                "calledgetallpages": False,
                "maxobjectid": 0,
            },
            objects,
        ]
    }
    with tempfile.TemporaryDirectory() as tmp:
        upd = os.path.join(tmp, "update.json")
        with open(upd, "w", encoding="utf-8") as f:
            json.dump(update, f)
        out = os.path.join(tmp, "out.pdf")
        subprocess.run(
            ["qpdf", "--deterministic-id", src, "--update-from-json=" + upd, out], check=True
        )
        os.replace(out, dst)


if __name__ == "__main__":
    main()
