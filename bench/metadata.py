#!/usr/bin/env python3
"""Scores the market facts of `vigie analyze` against the hand labels of eval/metadata/.

For every labelled document, runs `vigie analyze --format json` and compares each labelled
field (kind, buyer, object, procedure, reference, deadline, year, amount, duration, cpv,
commune, departement) with what vigie read. Prints, for the dev and the blind parts apart,
per field: right, wrong (of which spurious: a value read where the label is null) and
missing (nothing read where the label has a value); then the share of fields right and the
"right - wrong" score, in which a wrong value costs as much as a right one earns and a
missing one costs nothing. The matching rules are in eval/metadata/README.md.

Blind documents are only counted: this script never prints a blind document's name, label or
value. `--show-failures` lists the dev part's wrong and missing values, label beside value.

`--floor FILE` compares the dev part's figures with the floors written in FILE and exits 1
when one falls below.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import subprocess
import sys
import unicodedata

import yaml

FIELDS = [
    "kind",
    "buyer",
    "object",
    "procedure",
    "reference",
    "deadline",
    "year",
    "amount",
    "duration",
    "cpv",
    "commune",
    "departement",
]
PARTS = ["dev", "blind"]

# Free-text fields: at most this many extracted words outside the label's vocabulary.
MAX_EXTRA = {"buyer": 6, "object": 12, "procedure": 3, "commune": 2}

# Words that carry no meaning for the comparison: French function words, elided letters, and
# the few words that introduce a value in a tender ("le présent marché a pour objet").
STOP = set(
    """
    a au aux avec c ce ces cet cette d dans de des du en et l la le les leur leurs n ne ou par
    pas pour qu que qui s sa se ses son sur un une y
    present presente presents presentes objet porte portant concerne consultation marche
    marches cedex cahier clauses techniques administratives particulieres cctp ccap ccp
    definit definir document
    """.split()
)

# A buyer is a name: a street, a postbox or a postcode that the label does not hold makes the
# value an address block, not the buyer's name.
ADDRESS = {
    "rue",
    "avenue",
    "av",
    "boulevard",
    "bd",
    "allee",
    "chemin",
    "route",
    "quai",
    "impasse",
    "esplanade",
    "square",
    "cs",
    "bp",
    "tel",
    "telephone",
}
POSTCODE = re.compile(r"^(?:[0-9]{5}|2[ab][0-9]{3})$")

# A buyer read from one of these is another party, whatever else it holds.
OTHER_PARTIES = {
    "tribunal",
    "greffe",
    "titulaire",
    "candidat",
    "candidats",
    "soumissionnaire",
    "architecte",
    "architectes",
    "entreprise",
}


# ---------------------------------------------------------------------------------------------
# Normalisation


def fold(text):
    """Lower case, accents and ligatures removed, every other character than a letter or a
    digit turned into a space."""
    text = (text or "").replace("œ", "oe").replace("Œ", "oe")
    text = text.replace("æ", "ae").replace("Æ", "ae")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def words(text):
    """The meaningful words of a text, in order."""
    return [w for w in fold(text).split() if w not in STOP]


def contains(seq, sub):
    """Whether the word list `sub` occurs in `seq` as consecutive words."""
    n = len(sub)
    if n == 0:
        return True
    return any(seq[i : i + n] == sub for i in range(len(seq) - n + 1))


def squash(text):
    return re.sub(r"[^a-z0-9]", "", fold(text))


# ---------------------------------------------------------------------------------------------
# Labels


def as_label(raw):
    """A label as {value, accept, keys, max_extra}; value None when the fact is absent."""
    if isinstance(raw, dict):
        label = dict(raw)
    else:
        label = {"value": raw}
    if isinstance(label.get("value"), (datetime.date, datetime.datetime)):
        label["value"] = label["value"].isoformat()[:10]
    label.setdefault("accept", [])
    label.setdefault("keys", [])
    return label


def check_split(entries, where):
    """The split must follow the rule stated in the labels: entries sorted by path, every
    entry at a position p with p % 3 == 2 blind."""
    paths = sorted(e["file"] for e in entries)
    if len(set(paths)) != len(paths):
        sys.exit(f"metadata: {where}: a file is labelled twice")
    want = {p: ("blind" if i % 3 == 2 else "dev") for i, p in enumerate(paths)}
    for e in entries:
        if e.get("split") != want[e["file"]]:
            sys.exit(
                f"metadata: {where}: {e['file']} has split {e.get('split')!r}, "
                f"the rule gives {want[e['file']]!r}"
            )


def load_labels(root, path):
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    entries = data["documents"]
    check_split(entries, path)
    docs = []
    for e in entries:
        missing = [f for f in FIELDS if f not in e]
        if missing:
            sys.exit(f"metadata: {e['file']}: no label for {', '.join(missing)}")
        doc = {"file": e["file"], "split": e["split"], "path": os.path.join(root, e["file"])}
        doc["labels"] = {f: as_label(e[f]) for f in FIELDS}
        docs.append(doc)
    return docs, data.get("skipped") or []


# ---------------------------------------------------------------------------------------------
# What vigie read


def run_vigie(vigie, path):
    out = subprocess.run(
        [vigie, "analyze", "--format", "json", path], capture_output=True, text=True
    )
    try:
        report = json.loads(out.stdout)[0]
    except (ValueError, IndexError):
        return {"error": (out.stderr.strip().splitlines() or ["no output"])[-1]}
    if "error" in report:
        return {"error": report["error"].get("message", "")}
    return extracted(report)


def value_of(field):
    if isinstance(field, dict):
        v = field.get("value")
        return v if v not in ("", None) else None
    return None


def extracted(report):
    t = report.get("tender") or {}
    place = t.get("place") or {}
    cpv = [c.get("value") for c in t.get("cpv") or [] if c.get("value")]
    return {
        "kind": (report.get("kind") or {}).get("code"),
        "buyer": value_of(t.get("buyer")),
        "object": value_of(t.get("object")),
        "procedure": value_of(t.get("procedure")),
        "reference": value_of(t.get("reference")),
        "deadline": value_of(t.get("deadline")),
        "year": t.get("year"),
        "amount": value_of(t.get("amount")),
        "duration": value_of(t.get("duration")),
        "cpv": cpv or None,
        "commune": value_of(place.get("commune")),
        "departement": value_of(place.get("departement")),
    }


# ---------------------------------------------------------------------------------------------
# Matching: is a value read right for its label? (Both are present here.)


def text_right(field, label, got):
    got_w = words(got)
    vocab = set(words(label["value"]))
    for a in label["accept"]:
        vocab |= set(words(a))
    for k in label["keys"]:
        for alt in k.split("|"):
            vocab |= set(words(alt))
    if field == "buyer" and any(
        w not in vocab and (w in OTHER_PARTIES or w in ADDRESS or POSTCODE.match(w)) for w in got_w
    ):
        return False
    extra = sum(1 for w in got_w if w not in vocab)
    if extra > label.get("max_extra", MAX_EXTRA.get(field, 3)):
        return False
    keys = label["keys"] or [label["value"]]
    if all(any(contains(got_w, words(alt)) for alt in k.split("|")) for k in keys):
        return True
    return any(contains(got_w, words(a)) for a in label["accept"])


AMOUNT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*EUR\s*(HT|TTC)?\s*$", re.I)


def parse_amount(text):
    m = AMOUNT.match(str(text))
    if not m:
        return None
    return float(m.group(1)), (m.group(2) or "").upper()


def parsed_right(parse, same, what, label, got):
    """Whether `got`, parsed, is the same as the label's value or one it accepts."""
    g = parse(got)
    if g is None:
        return False
    for want in [label["value"]] + label["accept"]:
        w = parse(want)
        if w is None:
            sys.exit(f"metadata: bad {what} label {want!r}")
        if same(w, g):
            return True
    return False


def amount_right(label, got):
    def same(w, g):
        same_tax = not w[1] or not g[1] or w[1] == g[1]
        return abs(w[0] - g[0]) < 0.5 and same_tax

    return parsed_right(parse_amount, same, "amount", label, got)


DURATION = re.compile(r"^\s*([0-9]+)\s*(ans?|annees?|mois|semaines?|jours?)\s*$")


def parse_duration(text):
    m = DURATION.match(fold(str(text)))
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    if unit.startswith("an"):
        return n * 12, "months"
    if unit == "mois":
        return n, "months"
    if unit.startswith("semaine"):
        return n * 7, "days"
    return n, "days"


def duration_right(label, got):
    return parsed_right(parse_duration, lambda w, g: w == g, "duration", label, got)


def cpv_stem(code):
    digits = re.sub(r"[^0-9]", "", str(code))
    return digits[:8]


def cpv_right(label, got):
    """Right when the main code (the first labelled) was read and every code read is one of
    the labelled codes; codes are compared on their 8 digits (the check digit is optional)."""
    labelled = [cpv_stem(c) for c in label["value"]]
    read = {cpv_stem(c) for c in got}
    return labelled[0] in read and read <= set(labelled)


def departement_code(text):
    first = fold(str(text)).split()
    return first[0].upper() if first else ""


def departement_right(label, got):
    code = departement_code(got)
    for want in [label["value"]] + label["accept"]:
        w = str(want)
        if code and code == departement_code(w):
            return True
        if fold(w) and fold(w) in fold(str(got)) and not w.strip()[0].isdigit():
            return True
    return False


def right(field, label, got):
    if field == "kind":
        return str(got).upper() in [str(v).upper() for v in [label["value"]] + label["accept"]]
    if field in ("buyer", "object", "procedure", "commune"):
        return text_right(field, label, str(got))
    if field == "reference":
        return squash(str(got)) in [squash(str(v)) for v in [label["value"]] + label["accept"]]
    if field == "deadline":
        return str(got)[:10] in [str(v)[:10] for v in [label["value"]] + label["accept"]]
    if field == "year":
        return int(got) in [int(v) for v in [label["value"]] + label["accept"]]
    if field == "amount":
        return amount_right(label, got)
    if field == "duration":
        return duration_right(label, got)
    if field == "cpv":
        return cpv_right(label, got)
    if field == "departement":
        return departement_right(label, got)
    raise KeyError(field)


# ---------------------------------------------------------------------------------------------
# Counting


class Tally:
    def __init__(self):
        self.fields = {
            f: {"right": 0, "right_null": 0, "wrong": 0, "spurious": 0, "missing": 0}
            for f in FIELDS
        }
        self.docs = 0
        self.errors = 0
        self.failures = []

    def total(self, what):
        return sum(c[what] for c in self.fields.values())

    def labelled(self):
        return sum(c["right"] + c["wrong"] + c["missing"] for c in self.fields.values())

    def share(self, f=None):
        c = self.fields[f] if f else {k: self.total(k) for k in ("right", "wrong", "missing")}
        n = c["right"] + c["wrong"] + c["missing"]
        return c["right"] / n if n else 1.0

    def share_values(self):
        """Share right among the fields whose label has a value (nulls left out)."""
        right = self.total("right") - self.total("right_null")
        n = right + self.total("wrong") - self.total("spurious") + self.total("missing")
        return right / n if n else 1.0

    def score(self, f=None):
        c = self.fields[f] if f else {k: self.total(k) for k in ("right", "wrong", "missing")}
        n = c["right"] + c["wrong"] + c["missing"]
        return (c["right"] - c["wrong"]) / n if n else 1.0


def shown(label):
    v = label["value"]
    if v is None:
        return "null"
    text = json.dumps(v, ensure_ascii=False) if isinstance(v, list) else f"« {v} »"
    if label["accept"]:
        text += " (or " + ", ".join(f"« {a} »" for a in label["accept"]) + ")"
    return text


def score_doc(doc, said, t):
    t.docs += 1
    name = doc["file"]
    if "error" in said:
        t.errors += 1
        t.failures.append(f"{name}: not read: {said['error']}")
        for f in FIELDS:
            t.fields[f]["missing"] += 1
        return
    for f in FIELDS:
        label = doc["labels"][f]
        got = said.get(f)
        c = t.fields[f]
        if label["value"] is None:
            if got is None:
                c["right"] += 1
                c["right_null"] += 1
            else:
                c["wrong"] += 1
                c["spurious"] += 1
                t.failures.append(f"{name}: {f}: spurious: labelled null, read « {got} »")
        elif got is None:
            c["missing"] += 1
            t.failures.append(f"{name}: {f}: missing: labelled {shown(label)}")
        elif right(f, label, got):
            c["right"] += 1
        else:
            c["wrong"] += 1
            g = json.dumps(got, ensure_ascii=False) if isinstance(got, list) else f"« {got} »"
            t.failures.append(f"{name}: {f}: wrong: labelled {shown(label)}, read {g}")


# ---------------------------------------------------------------------------------------------
# Report


def report(tallies, counts, out):
    w = out.write
    w(
        f"Metadata evaluation set: {counts['dev'] + counts['blind']} documents "
        f"({counts['dev']} dev, {counts['blind']} blind), labels in eval/metadata/labels.yaml; "
        "blind documents are counted, never shown.\n\n"
    )
    w(
        "right: the value read matches the label (null included: '(null)' counts the nulls read\n"
        "where the label is null); wrong: it does not ('(spur.)': a value read where the label\n"
        "is null); missing: nothing read where the label has a value.\n\n"
    )
    head = f"{'field':12s}"
    for p in PARTS:
        head += f" | {p + ': right':>12s} {'(null)':>6s} {'wrong':>6s}"
        head += f" {'(spur.)':>7s} {'missing':>7s}"
    w(head + "\n")
    w("-" * len(head) + "\n")
    keys = ("right", "right_null", "wrong", "spurious", "missing")
    for f in FIELDS + [None]:
        row = f"{f or 'all fields':12s}"
        for p in PARTS:
            t = tallies[p]
            c = t.fields[f] if f else {k: t.total(k) for k in keys}
            row += (
                f" | {c['right']:>12d} {'(' + str(c['right_null']) + ')':>6s} {c['wrong']:>6d}"
                f" {'(' + str(c['spurious']) + ')':>7s} {c['missing']:>7d}"
            )
        if f is None:
            w("-" * len(head) + "\n")
        w(row + "\n")
    w("\n")
    w(f"{'':34s}{'dev':>10s}{'blind':>10s}\n")
    lines = [
        ("fields labelled", lambda t: str(t.labelled())),
        ("fields right (share)", lambda t: f"{t.share():.3f}"),
        ("  of the labels with a value", lambda t: f"{t.share_values():.3f}"),
        ("right - wrong (share of labelled)", lambda t: f"{t.score():+.3f}"),
        ("documents not read", lambda t: str(t.errors)),
    ]
    for title, fn in lines:
        w(f"{title:34s}" + "".join(f"{fn(tallies[p]):>10s}" for p in PARTS) + "\n")
    w("\n")
    w("Per field, share right / right - wrong:\n")
    w(f"{'':12s}" + "".join(f"{p:>18s}" for p in PARTS) + "\n")
    for f in FIELDS:
        w(
            f"{f:12s}"
            + "".join(
                f"{tallies[p].share(f):>10.3f} {tallies[p].score(f):>+7.3f}" for p in PARTS
            )
            + "\n"
        )
    w("\n")


def figures(t):
    return {
        "documents": t.docs,
        "not_read": t.errors,
        "labelled": t.labelled(),
        "right": t.total("right"),
        "right_null": t.total("right_null"),
        "wrong": t.total("wrong"),
        "spurious": t.total("spurious"),
        "missing": t.total("missing"),
        "share_right": t.share(),
        "share_right_of_values": t.share_values(),
        "right_minus_wrong": t.score(),
        "fields": {
            f: dict(t.fields[f], share_right=t.share(f), right_minus_wrong=t.score(f))
            for f in FIELDS
        },
    }


def below_floor(floor, got):
    """The floors that the dev figures miss. Keys: share_right, share_right_of_values and
    right_minus_wrong (at least); wrong, spurious and not_read (at most); fields: {FIELD:
    {share_right, right_minus_wrong}}."""
    below = []
    for key, value in floor.items():
        if key == "fields":
            for f, sub in (value or {}).items():
                if f not in got["fields"]:
                    sys.exit(f"metadata: floor names an unknown field {f}")
                for k, v in sub.items():
                    if got["fields"][f][k] + 1e-9 < v:
                        below.append(f"{f}.{k} {got['fields'][f][k]:.3f} < {v}")
        elif key in ("spurious", "not_read", "wrong"):
            if got[key] > value:
                below.append(f"{key} {got[key]} > {value}")
        elif key in ("share_right", "share_right_of_values", "right_minus_wrong"):
            if got[key] + 1e-9 < value:
                below.append(f"{key} {got[key]:.3f} < {value}")
        else:
            sys.exit(f"metadata: unknown floor {key}")
    return below


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root_default = os.path.normpath(os.path.join(here, ".."))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--vigie",
        default=os.environ.get("VIGIE") or os.path.join(root_default, "build", "cli", "vigie"),
        help="the vigie binary (default: $VIGIE, else build/cli/vigie)",
    )
    ap.add_argument("--root", default=root_default, help="the repository (default: this one)")
    ap.add_argument("--labels", help="default: ROOT/eval/metadata/labels.yaml")
    ap.add_argument("--show-failures", action="store_true", help="list the dev part's failures")
    ap.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="OUT",
        help="write the figures of both parts as JSON to OUT (to standard output, instead of "
        "the table, when OUT is omitted or -)",
    )
    ap.add_argument("--floor", help="YAML of floors for the dev part; exit 1 below one")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    labels = args.labels or os.path.join(args.root, "eval", "metadata", "labels.yaml")
    docs, _ = load_labels(args.root, labels)
    absent = [d["file"] for d in docs if not os.path.exists(d["path"])]
    if absent:
        sys.exit("metadata: missing documents: " + ", ".join(absent))
    if not os.access(args.vigie, os.X_OK):
        sys.exit(f"metadata: no vigie binary at {args.vigie} (use --vigie or $VIGIE)")

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        said = list(pool.map(lambda d: run_vigie(args.vigie, d["path"]), docs))

    tallies = {p: Tally() for p in PARTS}
    for d, s in zip(docs, said):
        score_doc(d, s, tallies[d["split"]])
    counts = {p: sum(1 for d in docs if d["split"] == p) for p in PARTS}

    result = {p: figures(tallies[p]) for p in PARTS}
    to_stdout_json = args.json == "-"
    out = sys.stderr if to_stdout_json else sys.stdout
    report(tallies, counts, out)

    if args.show_failures:
        out.write("Failures, dev part only (label, then what vigie read):\n")
        for line in tallies["dev"].failures:
            out.write("  " + line + "\n")
        out.write(
            f"Blind part: {tallies['blind'].total('wrong')} wrong "
            f"({tallies['blind'].total('spurious')} spurious), "
            f"{tallies['blind'].total('missing')} missing; not listed.\n"
        )

    if args.json:
        text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
        if to_stdout_json:
            sys.stdout.write(text)
        else:
            with open(args.json, "w", encoding="utf-8") as f:
                f.write(text)

    if args.floor:
        with open(args.floor, encoding="utf-8") as f:
            floor = yaml.safe_load(f) or {}
        below = below_floor(floor, result["dev"])
        if below:
            out.write("Below the floor (dev part): " + "; ".join(below) + "\n")
            return 1
        out.write("Dev part at or above every floor in " + args.floor + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
