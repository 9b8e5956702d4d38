#!/usr/bin/env bash
# Re-creates the archive fixtures of this folder (see README.md). Not run by the tests: the
# fixtures are committed. Needs python3, zip (Info-ZIP), 7z (p7zip-full) and bsdtar
# (libarchive-tools). Timestamps are fixed so the output does not depend on the day.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# ZIP written by Python's zipfile: names with accents get the UTF-8 flag (bit 11).
python3 - <<'PY'
import zipfile
with zipfile.ZipFile("utf8-names.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in [("Règlement de la consultation.pdf", "Règlement de la consultation\n"),
                       ("Pièces techniques/CCTP.pdf", "Cahier des clauses techniques\n"),
                       ("avis.txt", "Avis d'appel public\n")]:
        info = zipfile.ZipInfo(name, date_time=(2025, 3, 14, 10, 2, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text)
PY
mkdir -p "$tmp/set/lots"
printf 'Règlement de la consultation\n' > "$tmp/set/rc.txt"
printf 'Cahier des clauses techniques particulières\n' > "$tmp/set/lots/cctp.txt"
touch -d '2025-03-14 10:02:00 UTC' "$tmp/set/rc.txt" "$tmp/set/lots/cctp.txt" "$tmp/set/lots" "$tmp/set"
# Info-ZIP writing to a pipe: sizes follow each member in a data descriptor.
rm -f stream.zip && (cd "$tmp/set" && cat rc.txt | zip -q -X - - | cat > "$OLDPWD/stream.zip")
# Info-ZIP forced to use data descriptors, and forced to zip64.
rm -f descriptors.zip zip64.zip
(cd "$tmp/set" && zip -q -X -fd "$OLDPWD/descriptors.zip" rc.txt lots/cctp.txt)
(cd "$tmp/set" && zip -q -X -fz "$OLDPWD/zip64.zip" rc.txt lots/cctp.txt)
# 7-Zip and tar, plain and compressed (gzip, bzip2, xz).
rm -f set.7z && (cd "$tmp/set" && 7z a -bd -bso0 "$OLDPWD/set.7z" rc.txt lots/cctp.txt)
for f in tar tar.gz tar.bz2 tar.xz; do
  rm -f "set.$f" && bsdtar -a -cf "set.$f" -C "$tmp/set" --uid 0 --gid 0 --uname '' --gname '' rc.txt lots/cctp.txt
done
# A real tender set as buyers publish it: stored ZIP (no compression), names with accents
# (UTF-8 flag, as Python, 7-Zip and Windows write them), a folder, and a stored ZIP nested in
# it. The documents are real ones, copied from shared/real/ (see shared/real/README.md).
python3 - <<'PY'
import io
import zipfile

real = "shared/real/"

def stored_zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2025, 3, 14, 10, 2, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()

def read(name):
    with open(real + name, "rb") as f:
        return f.read()

inner = stored_zip([
    ("Cahier des clauses techniques particulières.pdf",
     read("prefecture-guyane-gardiennage_cctp.pdf")),
    ("Bordereau des prix unitaires.pdf", read("camp-des-milles-gardiennage_bpu.pdf")),
])
outer = stored_zip([
    ("Règlement de la consultation.pdf", read("vsgp-25tic06_rc.pdf")),
    ("Avis d'appel public à la concurrence.pdf",
     read("boamp-avis-20-101957_courthezon-accessibilite-stade.pdf")),
    ("Pièces administratives/Acte d'engagement.docx", read("vsgp-25tic06_ae.docx")),
    ("Pièces techniques.zip", inner),
])
with open("dce-accentué-stocké.zip", "wb") as f:
    f.write(outer)
PY
