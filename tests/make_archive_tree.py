#!/usr/bin/env python3
"""A folder of tender archives of every flavour, and what an audit of it must report.

    make_archive_tree.py SEED OUT SOURCE...

Writes OUT/tree/ and OUT/expected.json. The same SEED gives the same tree. SOURCE are real
documents (PDF, DOCX, ODT, XLSX) copied under the names a buyer gives them.

The tree holds, at its top, plain files (accented names, a folder, README.md, an empty file,
a damaged PDF, a symbolic link, a FIFO) and one archive per writer flavour:

    Python zipfile     deflated, stored, and CP850 names without the UTF-8 flag (what old
                       Windows tools write); duplicate member names and a "../" name
    Info-ZIP zip       -0 (stored) and -9, and -P (every member encrypted)
    7-Zip (7z)         ZIP, 7z, 7z stored (-mx0)
    bsdtar             ZIP stored, ZIP deflated, 7z, tar.gz of "." (members named
                       "./NAME", and a symbolic link member), plain tar with a member
                       appended twice (bsdtar -r)

Archives hold documents under accented names, in subfolders, archives nested in turn (other
writers, down to depth 3: the audit opens 4), README.md, empty files and damaged PDFs.

expected.json:
    documents  display paths (as `vigie audit tree` run in OUT names them) of every leaf
               entry that is read as a document: each plain file and each archive member that
               is not itself an archive, a duplicate's second copy named "NAME#2"
    skips      [display path, code] of the leaf entries that must be reported as skips: the
               link (symlink) and the FIFO (fifo) in the folder, encrypted members
               (encrypted), the "../" member (unsafe-name), the link member (not-a-file)
    accented   the document paths with a non-ASCII letter
    flavours   the writers used
Every leaf entry of the tree is in exactly one of documents and skips.
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile

NAMES = [
    "Règlement de la consultation",
    "Pièces techniques/CCTP",
    "Acte d'engagement",
    "Cahier des clauses administratives particulières",
    "Décomposition du prix global et forfaitaire",
    "Pièces techniques/Études préalables/Diagnostic été 2024",
    "Mémoire technique",
    "Lot n°2 - Menuiseries extérieures",
    "Ça et là - Éléments de réponse",
    "DCE/RC",
    "Annexe 1",
    "Planning previsionnel",
]

# Every name must be writable in CP850 (the legacy flavour) and be valid UTF-8 read back.
for _name in NAMES:
    _name.encode("cp850")

PY_WRITERS = ["py-deflated", "py-stored", "py-cp850"]
CLI_WRITERS = [
    "infozip-0",
    "infozip-9",
    "7z-zip",
    "7z-7z",
    "7z-7z-stored",
    "bsdtar-zip-stored",
    "bsdtar-zip",
    "bsdtar-7z",
    "bsdtar-tar.gz",
    "bsdtar-tar-appended",
]
WRITERS = PY_WRITERS + CLI_WRITERS
EXTENSION = {
    "py-deflated": ".zip",
    "py-stored": ".zip",
    "py-cp850": ".zip",
    "infozip-0": ".zip",
    "infozip-9": ".zip",
    "infozip-encrypted": ".zip",
    "7z-zip": ".zip",
    "7z-7z": ".7z",
    "7z-7z-stored": ".7z",
    "bsdtar-zip-stored": ".zip",
    "bsdtar-zip": ".zip",
    "bsdtar-7z": ".7z",
    "bsdtar-tar.gz": ".tar.gz",
    "bsdtar-tar-appended": ".tar",
}
ARCHIVE_NAMES = ["Lot 1", "Pièces écrites", "Dossier été", "Sous-dossier/Compléments", "lot2"]

# The tools read and write names in the locale's charset: UTF-8 whatever the caller's.
TOOL_ENV = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
FIXED_TIME = 1700000000


class Tree:
    def __init__(self, seed, sources):
        self.random = random.Random(seed)
        self.sources = sorted(sources)
        self.documents = []
        self.skips = []
        self.flavours = set()

    # --- leaves -------------------------------------------------------------------------

    def document(self, used, extension=None):
        """(name, bytes) of a real document under a name not in `used` (of that extension
        when given)."""
        source = self.random.choice(
            [s for s in self.sources if extension is None or s.endswith(extension)]
        )
        extension = os.path.splitext(source)[1]
        for _ in range(100):
            name = self.random.choice(NAMES) + extension
            if name not in used:
                break
        else:
            name = "document-%d%s" % (len(used), extension)
        with open(source, "rb") as f:
            return name, f.read()

    def damaged_pdf(self):
        pdfs = [s for s in self.sources if s.endswith(".pdf")]
        with open(self.random.choice(pdfs), "rb") as f:
            return f.read()[:3000]

    def members(self, path, writer, depth):
        """The entries of one archive: [(kind, name, payload)], kind file|archive|dup|
        unsafe|symlink. Records what the audit must report under `path`."""
        entries = []
        used = set()
        for _ in range(self.random.randint(2, 4)):
            name, data = self.document(used)
            used.add(name)
            entries.append(("file", name, data))
        extras = self.random.sample(["readme", "empty", "damaged", "nested", "nested"], 2)
        if depth >= 3:
            extras = [e for e in extras if e != "nested"]
        for extra in extras:
            if extra == "readme":
                entries.append(("file", "README.md", b"# DCE\n\nPieces du dossier.\n"))
            elif extra == "empty":
                entries.append(("file", "vide.pdf", b""))
            elif extra == "damaged":
                entries.append(("file", "abîmé.pdf", self.damaged_pdf()))
            else:
                inner_writer = self.random.choice(WRITERS)
                inner = self.random.choice(ARCHIVE_NAMES) + EXTENSION[inner_writer]
                if inner in used:
                    continue
                used.add(inner)
                entries.append(("archive", inner, (inner_writer, depth + 1)))
        first = entries[0]
        if writer.startswith("py-") or writer == "bsdtar-tar-appended":
            # The same name twice (other bytes: the first half of the document).
            entries.append(("dup", first[1], first[2][: len(first[2]) // 2]))
        if writer.startswith("py-"):
            entries.append(("unsafe", "../évasion.pdf", first[2]))
        if writer == "bsdtar-tar.gz":
            entries.append(("symlink", "raccourci.pdf", first[1]))
        # What the audit reports, then the bytes of nested archives.
        built = []
        for kind, name, payload in entries:
            shown = path + "!/" + name
            if kind == "archive":
                inner_writer, inner_depth = payload
                payload = self.archive(shown, inner_writer, inner_depth)
            elif kind == "dup":
                self.documents.append(shown + "#2")
            elif kind == "unsafe":
                self.skips.append([shown, "unsafe-name"])
            elif kind == "symlink":
                self.skips.append([shown, "not-a-file"])
            else:
                self.documents.append(shown)
            built.append((kind, name, payload))
        return built

    # --- archives -----------------------------------------------------------------------

    def archive(self, path, writer, depth):
        """The bytes of an archive shown as `path`, written by `writer`."""
        self.flavours.add(writer)
        if writer == "infozip-encrypted":
            entries = []
            used = set()
            for _ in range(2):
                name, data = self.document(used)
                used.add(name)
                entries.append(("file", name, data))
                self.skips.append([path + "!/" + name, "encrypted"])
        else:
            entries = self.members(path, writer, depth)
        if writer.startswith("py-"):
            return python_zip(writer, entries)
        return cli_archive(writer, entries)


def python_zip(writer, entries):
    import io
    import warnings

    class Cp850Info(zipfile.ZipInfo):
        # Names in the DOS code page, without the UTF-8 flag (bit 11).
        def _encodeFilenameFlags(self):
            return self.filename.encode("cp850"), self.flag_bits & ~0x800

    out = io.BytesIO()
    method = zipfile.ZIP_STORED if writer == "py-stored" else zipfile.ZIP_DEFLATED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": on purpose
        with zipfile.ZipFile(out, "w", method) as z:
            for _, name, data in entries:
                info = (Cp850Info if writer == "py-cp850" else zipfile.ZipInfo)(
                    name, date_time=(2024, 3, 1, 12, 0, 0)
                )
                info.compress_type = method
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
    return out.getvalue()


def run(command, cwd):
    result = subprocess.run(
        command, cwd=cwd, env=TOOL_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    if result.returncode != 0:
        sys.exit("%s failed:\n%s" % (" ".join(command), result.stdout.decode(errors="replace")))


def cli_archive(writer, entries):
    staging = tempfile.mkdtemp(prefix="vigie-tree-")
    try:
        files = os.path.join(staging, "files")
        os.makedirs(files)
        top = set()
        appended = []
        for kind, name, payload in entries:
            if kind == "dup":
                appended.append((name, payload))
                continue
            target = os.path.join(files, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if kind == "symlink":
                os.symlink(payload, target)
            else:
                with open(target, "wb") as f:
                    f.write(payload)
                os.utime(target, (FIXED_TIME, FIXED_TIME))
            top.add(name.split("/")[0])
        names = sorted(top)
        out = os.path.join(staging, "out" + EXTENSION[writer])
        if writer == "infozip-0":
            run(["zip", "-q", "-X", "-r", "-0", out] + names, files)
        elif writer == "infozip-9":
            run(["zip", "-q", "-X", "-r", "-9", out] + names, files)
        elif writer == "infozip-encrypted":
            run(["zip", "-q", "-X", "-r", "-P", "secret", out] + names, files)
        elif writer == "7z-zip":
            run(["7z", "a", "-bd", "-tzip", out] + names, files)
        elif writer == "7z-7z":
            run(["7z", "a", "-bd", "-t7z", out] + names, files)
        elif writer == "7z-7z-stored":
            run(["7z", "a", "-bd", "-t7z", "-mx0", out] + names, files)
        elif writer == "bsdtar-zip-stored":
            run(["bsdtar", "--format", "zip", "--options", "zip:compression=store", "-cf", out]
                + names, files)
        elif writer == "bsdtar-zip":
            run(["bsdtar", "--format", "zip", "-cf", out] + names, files)
        elif writer == "bsdtar-7z":
            run(["bsdtar", "--format", "7zip", "-cf", out] + names, files)
        elif writer == "bsdtar-tar.gz":
            # Made of ".", as `tar czf dce.tar.gz .` does: members named "./NAME", shown "NAME".
            run(["bsdtar", "-czf", out, "."], files)
        elif writer == "bsdtar-tar-appended":
            run(["bsdtar", "-cf", out] + names, files)
            for name, payload in appended:
                # The same name again, with other bytes, appended to the tar.
                target = os.path.join(files, name)
                with open(target, "wb") as f:
                    f.write(payload)
                run(["bsdtar", "-rf", out, name], files)
        else:
            raise ValueError(writer)
        with open(out, "rb") as f:
            return f.read()
    finally:
        shutil.rmtree(staging)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    seed = int(sys.argv[1])
    out = sys.argv[2]
    tree = Tree(seed, sys.argv[3:])
    root = os.path.join(out, "tree")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "Pièces techniques"))

    def plain(name, data):
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)
        tree.documents.append("tree/" + name)

    used = set()
    plain("Règlement de la consultation.pdf", tree.document(used, ".pdf")[1])
    plain("Pièces techniques/CCTP.pdf", tree.document(used, ".pdf")[1])
    plain("README.md", b"# Dossier de consultation\n\nVoir les pieces.\n")
    plain("vide.pdf", b"")
    plain("abîmé.pdf", tree.damaged_pdf())
    os.symlink("Règlement de la consultation.pdf", os.path.join(root, "raccourci.pdf"))
    tree.skips.append(["tree/raccourci.pdf", "symlink"])
    os.mkfifo(os.path.join(root, "tube"))
    tree.skips.append(["tree/tube", "fifo"])

    # One archive per flavour at the top, in a shuffled order and under varied names.
    writers = WRITERS + ["infozip-encrypted"]
    tree.random.shuffle(writers)
    for index, writer in enumerate(writers):
        base = "DCE %02d %s" % (index, tree.random.choice(["été", "marché", "lot", "avenant"]))
        shown = "tree/" + base + EXTENSION[writer]
        data = tree.archive(shown, writer, 1)
        with open(os.path.join(root, base + EXTENSION[writer]), "wb") as f:
            f.write(data)

    expected = {
        "documents": sorted(tree.documents),
        "skips": sorted(tree.skips),
        "accented": sorted(p for p in tree.documents if any(ord(c) > 127 for c in p)),
        "flavours": sorted(tree.flavours),
    }
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
