#!/usr/bin/env python3
"""Same verdicts whatever the format (issue 15).

Renders every corpus sample (corpus-samples/*.src) and every evaluation document
(eval/documents/*.src) as PDF, DOCX and ODT with vigie-docgen into a temporary folder, runs
`vigie check --format json --fail-on never` on the three files, and requires the same
  - document kind (code),
  - participation relevance (relevant, mission),
  - status of every verdict (rule -> status),
  - set of flagged findings as (rule, sentence), the sentence with its whitespace and its
    line-end hyphenation normalised.
On a difference it prints the document, the field and the value per format, and exits 1.

Blind evaluation documents (their labels say `split: blind`, eval/README.md) are compared
like the others, but their sentences are never printed: a difference in their flagged
findings is reported as the rule and the number of sentences per format only.

A source holding `@scan` is skipped: its scanned page is an image without text in the PDF
by design, while DOCX and ODT have no such thing and keep the text.

  format_invariance_test.py --docgen VIGIE_DOCGEN --vigie VIGIE --root SOURCE_DIR [-j N]
                            [--keep DIR] [NAME...]
"""

import argparse
import concurrent.futures
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

FORMATS = ["pdf", "docx", "odt"]


def normalise(sentence):
    """The sentence with its whitespace and line-end hyphenation normalised."""
    text = unicodedata.normalize("NFC", sentence or "")
    text = text.replace("\u00ad", "")
    # A hyphen at a line end: "concer-\ntation" is one word; "co-\nconstruction" keeps its
    # hyphen in one format and may lose it in another, so hyphens are dropped at line ends
    # and between letters alike.
    text = re.sub(r"-[ \t]*\n\s*", "", text)
    text = re.sub(r"(?<=\w)-(?=\w)", "", text)
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text)
    return text.strip()


def split_of(src):
    labels = src[: -len(".src")] + ".labels.yaml"
    if not os.path.exists(labels):
        return "sample"
    with open(labels, encoding="utf-8") as f:
        m = re.search(r"^split:\s*(\w+)", f.read(), re.M)
    return m.group(1) if m else "dev"


def summarise(doc):
    """The fields compared, from one file's `vigie check` JSON object."""
    if "error" in doc:
        return {"error": doc["error"].get("code")}
    d = doc.get("document") or {}
    kind = (d.get("kind") or {}).get("code")
    part = d.get("participation") or {}
    verdicts = {v["rule"]: v["status"] for v in doc.get("verdicts", [])}
    flagged = set()
    for f in doc.get("findings", []):
        if f.get("kind") == "flagged":
            flagged.add((f["rule"], normalise(f.get("sentence"))))
    return {
        "reading": doc.get("reading"),
        "kind": kind,
        "relevant": part.get("relevant"),
        "mission": part.get("mission"),
        "verdicts": verdicts,
        "flagged": flagged,
    }


def check_one(args, src, tmp):
    name = os.path.basename(src)[: -len(".src")]
    outs = [os.path.join(tmp, f"{name}.{fmt}") for fmt in FORMATS]
    r = subprocess.run([args.docgen, src, *outs], capture_output=True, text=True)
    if r.returncode != 0:
        return name, None, f"vigie-docgen failed: {r.stderr.strip()}"
    r = subprocess.run(
        [args.vigie, "check", "--format", "json", "--fail-on", "never", *outs],
        capture_output=True,
        text=True,
    )
    try:
        docs = json.loads(r.stdout)
    except json.JSONDecodeError:
        return name, None, f"vigie check gave no JSON (exit {r.returncode}): {r.stderr.strip()}"
    return name, {fmt: summarise(doc) for fmt, doc in zip(FORMATS, docs)}, None


def differences(per_format, blind):
    """Lines describing each field that differs between the formats."""
    lines = []
    first = per_format[FORMATS[0]]
    for field in ["error", "reading", "kind", "relevant", "mission"]:
        values = [per_format[f].get(field) for f in FORMATS]
        if any(v != values[0] for v in values):
            lines.append(
                f"  {field}: " + ", ".join(f"{f}={v}" for f, v in zip(FORMATS, values))
            )
    if "error" in first:
        return lines
    rules = sorted(set().union(*(per_format[f].get("verdicts", {}).keys() for f in FORMATS)))
    for rule in rules:
        values = [per_format[f].get("verdicts", {}).get(rule) for f in FORMATS]
        if any(v != values[0] for v in values):
            lines.append(
                f"  verdict {rule}: " + ", ".join(f"{f}={v}" for f, v in zip(FORMATS, values))
            )
    sets = {f: per_format[f].get("flagged", set()) for f in FORMATS}
    union = set().union(*sets.values())
    common = set.intersection(*sets.values())
    odd = sorted(union - common)
    if odd and blind:
        for rule in sorted({r for r, _ in odd}):
            counts = ", ".join(
                f"{f}={sum(1 for r, _ in sets[f] if r == rule)}" for f in FORMATS
            )
            lines.append(
                f"  flagged {rule}: sentences differ (blind document, not shown); {counts}"
            )
    else:
        for rule, sentence in odd:
            where = [f for f in FORMATS if (rule, sentence) in sets[f]]
            lines.append(f"  flagged {rule} only in {'+'.join(where)}: « {sentence} »")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docgen", required=True)
    parser.add_argument("--vigie", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--keep", help="render into this folder and keep the files")
    parser.add_argument("names", nargs="*", help="only the sources with these names")
    args = parser.parse_args()

    sources = sorted(glob.glob(os.path.join(args.root, "corpus-samples", "*.src")))
    sources += sorted(glob.glob(os.path.join(args.root, "eval", "documents", "*.src")))
    if args.names:
        sources = [s for s in sources if os.path.basename(s)[: -len(".src")] in args.names]
    skipped = []
    todo = []
    for src in sources:
        with open(src, encoding="utf-8") as f:
            if re.search(r"^@scan\b", f.read(), re.M):
                skipped.append(os.path.basename(src))
                continue
        todo.append(src)

    start = time.monotonic()
    tmp = args.keep or tempfile.mkdtemp(prefix="vigie-formats-")
    os.makedirs(tmp, exist_ok=True)
    failed = 0
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(check_one, args, src, tmp): src for src in todo}
            results = {}
            for fut in concurrent.futures.as_completed(futures):
                results[futures[fut]] = fut.result()
        for src in todo:
            name, per_format, error = results[src]
            blind = split_of(src) == "blind"
            if error:
                print(f"FAIL {name}: {error}")
                failed += 1
                continue
            lines = differences(per_format, blind)
            if lines:
                failed += 1
                print(f"FAIL {name}{' (blind)' if blind else ''}: the formats disagree")
                print("\n".join(lines))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.monotonic() - start
    for name in skipped:
        print(f"skipped {name}: @scan page (no text layer in the PDF by design)")
    print(
        f"{len(todo)} documents rendered as {', '.join(FORMATS)} and checked in {elapsed:.1f} s; "
        f"{failed} differ"
    )
    return 1 if failed or len(todo) < 50 and not args.names else 0


if __name__ == "__main__":
    sys.exit(main())
