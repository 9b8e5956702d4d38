#!/usr/bin/env python3
"""Scores `vigie check` against the labelled evaluation set (eval/README.md).

Prints, for the development and the blind halves apart: per-criterion verdict accuracy, a
confusion table of the participation verdicts, presupposition precision and recall, the
"must not flag" sentences flagged, and participation findings on the real non-participation
documents; beside each, the same figures for a keyword baseline (obvious keywords only) run on
the same extracted text.

Blind documents are only counted: this script never prints a blind document's name, sentence
or verdict. `--show-failures` lists the development half's failures, one per line.

`--floor FILE` compares the development half's figures with the floors written in FILE and
exits 1 when one falls below (CI runs it).
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import unicodedata

import yaml

CRITERIA = [
    "participation.objectifs",
    "participation.niveau",
    "participation.negociable",
    "participation.publics",
    "participation.moyens",
    "participation.calendrier",
    "participation.restitution",
    "participation.prise-en-compte",
    "participation.evaluation",
    "participation.droit-alerte",
    "participation.accessibilite",
    "participation.gouvernance",
    "participation.cadre-legal",
    "participation.conseil-citoyen",
]
STATUSES = ["present", "absent", "contradicted", "not_applicable"]
SHORT = {"present": "pres", "absent": "abs", "contradicted": "contr", "not_applicable": "n/a"}
PRESUPPOSE = "presuppose."


# ---------------------------------------------------------------------------------------------
# Text matching: a label is a substring of one sentence as written in the source; the rendered
# file may break it across lines, hyphenate it or change apostrophes. Both sides are reduced to
# their lower-case letters and digits before comparing.


def squash(text):
    text = unicodedata.normalize("NFC", text or "").lower()
    return "".join(c for c in text if c.isalnum())


def covers(label, sentence):
    """Whether a flagged sentence is the labelled one: one contains the other (a segmenter may
    cut a sentence a little shorter or longer than the author did)."""
    a, b = squash(label), squash(sentence)
    if not a or not b:
        return False
    if a in b:
        return True
    return len(b) >= 25 and b in a


# ---------------------------------------------------------------------------------------------
# Labels


def load_labels(root):
    docs = []
    folder = os.path.join(root, "eval", "documents")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".labels.yaml"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            label = yaml.safe_load(f)
        label["path"] = os.path.join(folder, label["file"])
        label["set"] = "written"
        docs.append(label)
    with open(os.path.join(root, "eval", "real-labels.yaml"), encoding="utf-8") as f:
        for label in yaml.safe_load(f):
            label["path"] = os.path.join(root, label["file"])
            label["set"] = "real"
            docs.append(label)
    for d in docs:
        if d["split"] not in ("dev", "blind"):
            sys.exit(f"accuracy: {d['file']}: split must be dev or blind")
        missing = [c for c in CRITERIA if c not in d["criteria"]]
        if missing:
            sys.exit(f"accuracy: {d['file']}: no label for {', '.join(missing)}")
    return docs


# ---------------------------------------------------------------------------------------------
# What vigie says


def run_vigie(vigie, path):
    out = subprocess.run(
        [vigie, "check", "--format", "json", "--fail-on", "never", path],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(out.stdout)[0]
    except (ValueError, IndexError):
        return {"error": out.stderr.strip() or "no report"}
    if "error" in report:
        return {"error": report["error"].get("message", "")}
    verdicts = {v["rule"]: v["status"] for v in report.get("verdicts", [])}
    flags = [
        (f["rule"], f.get("sentence") or "")
        for f in report.get("findings", [])
        if f.get("kind") == "flagged" and not f.get("waived")
    ]
    part = (report.get("document") or {}).get("participation") or {}
    return {"verdicts": verdicts, "flags": flags, "relevant": bool(part.get("relevant"))}


def extract_text(vigie, path):
    out = subprocess.run([vigie, "extract", path], capture_output=True, text=True)
    return re.sub(r"\[page \d+/\d+\]", "\n", out.stdout)


# ---------------------------------------------------------------------------------------------
# The keyword baseline: what a reader with a search box and the obvious words would conclude.
# A document concerns participation when it says "concertation", "participation du public" or
# "participatif"; the mission criteria apply when, in addition, it is a CCTP or a CCP by its
# title; a criterion is present when one of its obvious words appears anywhere. It never says
# "contradicted". An assumption is flagged in every sentence holding one of the obvious words.

BASELINE_RELEVANT = ["concertation", "participation du public", "participatif", "participative"]
BASELINE_MISSION = ["clauses techniques", "cahier des charges", "cctp", "ccp"]
BASELINE_KEYWORDS = {
    "participation.objectifs": ["objectif"],
    "participation.niveau": ["niveau de participation", "co-construction", "codécision"],
    "participation.negociable": ["négociable", "marges de manœuvre", "invariant"],
    "participation.publics": ["publics visés", "public visé", "publics cibles"],
    "participation.moyens": ["moyens"],
    "participation.calendrier": ["calendrier"],
    "participation.restitution": ["restitution"],
    "participation.prise-en-compte": ["prise en compte", "pris en compte", "prises en compte"],
    "participation.evaluation": ["évaluation"],
    "participation.droit-alerte": ["alerte"],
    "participation.accessibilite": ["accessib"],
    "participation.gouvernance": ["comité de pilotage", "gouvernance", "garant"],
    "participation.cadre-legal": ["l103-2", "l.103-2", "l. 103-2"],
    "participation.conseil-citoyen": ["conseil citoyen", "conseils citoyens"],
}
BASELINE_CADRE = ["plu", "scot", "zac", "npnru", "renouvellement urbain"]
BASELINE_QPV = ["qpv", "quartier prioritaire", "quartiers prioritaires", "npnru"]
BASELINE_FLAGS = {
    "presuppose.evidence": ["évident", "chacun sait", "il va de soi", "bien connu"],
    "presuppose.attribution": ["favorable", "souhaitent", "attendent", "demandent", "réclament"],
    "presuppose.consensus": ["consensus", "unanim", "tout le monde"],
    "presuppose.deja-concerte": ["déjà été concerté", "déjà concerté", "déjà été consulté"],
    "presuppose.chiffre-sans-source": ["%"],
    "presuppose.necessite": ["indispensable", "nécessaire", "impératif"],
}


def has_word(text, words):
    return any(re.search(r"(?<!\w)" + re.escape(w), text) for w in words)


def baseline(text):
    low = unicodedata.normalize("NFC", text).lower().replace("’", "'")
    relevant = has_word(low, BASELINE_RELEVANT)
    head = low[:600]
    mission = relevant and has_word(head, BASELINE_MISSION)
    verdicts = {}
    for c in CRITERIA:
        applies = mission
        if c == "participation.cadre-legal":
            applies = mission and has_word(low, BASELINE_CADRE)
        elif c == "participation.conseil-citoyen":
            applies = mission and has_word(low, BASELINE_QPV)
        if not applies:
            verdicts[c] = "not_applicable"
        else:
            verdicts[c] = "present" if has_word(low, BASELINE_KEYWORDS[c]) else "absent"
    flags = []
    if relevant:
        flat = re.sub(r"\s+", " ", text)
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ«])", flat):
            s = sentence.lower().replace("’", "'")
            for rule, words in BASELINE_FLAGS.items():
                if any(w in s for w in words):
                    flags.append((rule, sentence))
    return {"verdicts": verdicts, "flags": flags, "relevant": relevant}


# ---------------------------------------------------------------------------------------------
# Scoring


class Score:
    def __init__(self):
        self.criteria = {c: [0, 0] for c in CRITERIA}  # right, total
        self.confusion = {a: {b: 0 for b in STATUSES} for a in STATUSES}
        self.flag_tp = 0  # must_flag entries found under their rule
        self.flag_any = 0  # must_flag entries found under any presupposition rule
        self.flag_total = 0
        self.flag_missed_unrelated = 0  # missed in documents judged not about participation
        self.flagged = 0  # presupposition findings
        self.flagged_right = 0  # ... on a sentence labelled under the same rule
        self.flagged_right_any = 0  # ... on a sentence labelled under any rule
        self.not_flag_total = 0
        self.not_flag_hit = 0
        self.real_findings = 0  # participation or presupposition findings, real non-participation
        self.real_docs = 0
        self.real_docs_with = 0  # ... of which with at least one finding
        self.part_docs = 0  # documents labelled as concerning participation
        self.part_missed = 0  # ... judged not about participation
        self.other_docs = 0  # documents labelled as not concerning participation
        self.other_taken = 0  # ... judged about participation
        self.docs = 0
        self.errors = 0
        self.failures = []

    def accuracy(self):
        right = sum(r for r, _ in self.criteria.values())
        total = sum(t for _, t in self.criteria.values())
        return right / total if total else 1.0

    def min_criterion(self):
        return min((r / t for r, t in self.criteria.values() if t), default=1.0)

    def precision(self):
        return self.flagged_right / self.flagged if self.flagged else 1.0

    def recall(self):
        return self.flag_tp / self.flag_total if self.flag_total else 1.0


def score(doc, said, s):
    s.docs += 1
    name = doc["file"]
    if "error" in said:
        s.errors += 1
        s.failures.append(f"{name}: not checked: {said['error']}")
        said = {"verdicts": {}, "flags": []}
    if doc["participation"]:
        s.part_docs += 1
        s.part_missed += not said.get("relevant", True)
        if not said.get("relevant", True):
            s.failures.append(f"{name}: concerns participation, judged not about it")
    else:
        s.other_docs += 1
        s.other_taken += bool(said.get("relevant", False))
        if said.get("relevant", False):
            s.failures.append(f"{name}: does not concern participation, judged about it")
    for c in CRITERIA:
        want = doc["criteria"][c]
        got = said["verdicts"].get(c, "not_applicable")
        s.criteria[c][1] += 1
        s.confusion[want][got] += 1
        if want == got:
            s.criteria[c][0] += 1
        else:
            s.failures.append(f"{name}: {c}: labelled {want}, said {got}")
    flags = [(r, t) for r, t in said["flags"] if r.startswith(PRESUPPOSE)]
    for entry in doc.get("must_flag") or []:
        s.flag_total += 1
        same = any(r == entry["rule"] and covers(entry["text"], t) for r, t in flags)
        other = any(covers(entry["text"], t) for _, t in flags)
        s.flag_tp += same
        s.flag_any += other
        if not other and not said.get("relevant", True):
            s.flag_missed_unrelated += 1
        if not same:
            how = "flagged under another rule" if other else "not flagged"
            s.failures.append(f"{name}: missed ({how}) {entry['rule']}: « {entry['text']} »")
    labelled = doc.get("must_flag") or []
    for rule, text in flags:
        s.flagged += 1
        same = any(e["rule"] == rule and covers(e["text"], text) for e in labelled)
        other = any(covers(e["text"], text) for e in labelled)
        s.flagged_right += same
        s.flagged_right_any += other
        if not other:
            s.failures.append(f"{name}: flagged without label {rule}: « {text.strip()} »")
    for text in doc.get("must_not_flag") or []:
        s.not_flag_total += 1
        if any(covers(text, t) for _, t in flags):
            s.not_flag_hit += 1
            s.failures.append(f"{name}: must not flag, flagged: « {text} »")
    if doc["set"] == "real" and not doc["participation"]:
        s.real_docs += 1
        n = sum(1 for c in CRITERIA if said["verdicts"].get(c, "not_applicable") != "not_applicable")
        found = len(flags) + (1 if n else 0)
        s.real_findings += found
        s.real_docs_with += 1 if found else 0


# ---------------------------------------------------------------------------------------------
# Report


def pct(x):
    return f"{x:.3f}"


def report(halves, out):
    w = out.write
    cols = [("dev", "vigie"), ("dev", "base"), ("blind", "vigie"), ("blind", "base")]
    w("Per-criterion verdict accuracy (documents labelled: written + real)\n\n")
    w(f"{'criterion':34s}" + "".join(f"{h + ' ' + who:>13s}" for h, who in cols) + "\n")
    for c in CRITERIA:
        row = f"{c:34s}"
        for h, who in cols:
            r, t = halves[h][who].criteria[c]
            row += f"{pct(r / t) if t else '-':>13s}"
        w(row + "\n")
    row = f"{'all criteria':34s}"
    for h, who in cols:
        row += f"{pct(halves[h][who].accuracy()):>13s}"
    w(row + "\n")
    row = f"{'worst criterion':34s}"
    for h, who in cols:
        row += f"{pct(halves[h][who].min_criterion()):>13s}"
    w(row + "\n\n")

    for h in ("dev", "blind"):
        for who in ("vigie", "base"):
            s = halves[h][who]
            w(f"Confusion, {h} half, {who} (rows: label; columns: said)\n")
            w(f"{'':10s}" + "".join(f"{SHORT[b]:>8s}" for b in STATUSES) + "\n")
            for a in STATUSES:
                w(f"{SHORT[a]:10s}" + "".join(f"{s.confusion[a][b]:>8d}" for b in STATUSES) + "\n")
            w("\n")

    w("Unverified assumptions (presuppose.*)\n\n")
    w(f"{'':44s}" + "".join(f"{h + ' ' + who:>13s}" for h, who in cols) + "\n")
    lines = [
        ("precision (same rule)", lambda s: pct(s.precision())),
        (
            "precision (any presupposition rule)",
            lambda s: pct(s.flagged_right_any / s.flagged if s.flagged else 1.0),
        ),
        ("recall (same rule)", lambda s: pct(s.recall())),
        (
            "recall (any presupposition rule)",
            lambda s: pct(s.flag_any / s.flag_total if s.flag_total else 1.0),
        ),
        ("sentences flagged", lambda s: str(s.flagged)),
        ("must_flag found / labelled", lambda s: f"{s.flag_tp}/{s.flag_total}"),
        (
            "missed in docs judged not about participation",
            lambda s: str(s.flag_missed_unrelated),
        ),
        ("must_not_flag flagged / labelled", lambda s: f"{s.not_flag_hit}/{s.not_flag_total}"),
        (
            "real non-participation docs with findings",
            lambda s: f"{s.real_docs_with}/{s.real_docs} ({s.real_findings})",
        ),
        ("documents not checked", lambda s: str(s.errors)),
        (
            "participation docs judged not about it",
            lambda s: f"{s.part_missed}/{s.part_docs}",
        ),
        (
            "other docs judged about participation",
            lambda s: f"{s.other_taken}/{s.other_docs}",
        ),
    ]
    for title, f in lines:
        w(f"{title:44s}" + "".join(f"{f(halves[h][who]):>13s}" for h, who in cols) + "\n")
    w("\n")


def figures(s):
    return {
        "accuracy": s.accuracy(),
        "worst_criterion": s.min_criterion(),
        "precision": s.precision(),
        "recall": s.recall(),
        "must_not_flag_flagged": s.not_flag_hit,
        "real_findings": s.real_findings,
        "not_checked": s.errors,
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vigie", default=os.path.join(here, "..", "build", "cli", "vigie"))
    ap.add_argument("--root", default=os.path.join(here, ".."))
    ap.add_argument("--show-failures", action="store_true", help="list the dev half's failures")
    ap.add_argument("--floor", help="YAML of floors for the dev half; exit 1 below one")
    ap.add_argument("--json", help="write the figures of both halves here")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument(
        "--batch",
        type=int,
        help="only the documents of this round (1 to 5); round 1, which has no batch key, "
        "holds the real documents' labels too",
    )
    args = ap.parse_args()

    docs = load_labels(args.root)
    if args.batch:
        docs = [d for d in docs if d.get("batch", 1) == args.batch]
    missing = [d["file"] for d in docs if not os.path.exists(d["path"])]
    if missing:
        sys.exit("accuracy: missing documents: " + ", ".join(missing))

    def work(d):
        return run_vigie(args.vigie, d["path"]), baseline(extract_text(args.vigie, d["path"]))

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(work, docs))

    halves = {h: {"vigie": Score(), "base": Score()} for h in ("dev", "blind")}
    for d, (said, base) in zip(docs, results):
        score(d, said, halves[d["split"]]["vigie"])
        score(d, base, halves[d["split"]]["base"])

    n = {h: sum(1 for d in docs if d["split"] == h) for h in ("dev", "blind")}
    sys.stdout.write(
        f"Evaluation set: {len(docs)} documents ({n['dev']} dev, {n['blind']} blind), "
        "labels in eval/; blind failures are counted, never shown.\n\n"
    )
    report(halves, sys.stdout)

    if args.show_failures:
        sys.stdout.write("Failures, dev half only:\n")
        for line in halves["dev"]["vigie"].failures:
            sys.stdout.write("  " + line + "\n")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(
                {h: {w: figures(halves[h][w]) for w in ("vigie", "base")} for h in halves},
                f,
                indent=2,
            )

    if args.floor:
        with open(args.floor, encoding="utf-8") as f:
            floor = yaml.safe_load(f)
        got = figures(halves["dev"]["vigie"])
        below = []
        for key, value in floor.items():
            if key in ("must_not_flag_flagged", "real_findings", "not_checked"):
                if got[key] > value:
                    below.append(f"{key} {got[key]} > {value}")
            elif got[key] + 1e-9 < value:
                below.append(f"{key} {got[key]:.3f} < {value}")
        if below:
            sys.stdout.write("Below the floor (dev half): " + "; ".join(below) + "\n")
            return 1
        sys.stdout.write("Dev half at or above every floor in " + args.floor + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
