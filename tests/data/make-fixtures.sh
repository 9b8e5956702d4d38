#!/usr/bin/env bash
# Re-creates the binary test fixtures of this folder. Not run by the tests: the fixtures are
# committed. Needs qpdf (Debian package qpdf) and a built vigie-docgen.
#   tests/data/make-fixtures.sh build/tools/docgen/vigie-docgen
set -euo pipefail
cd "$(dirname "$0")"
docgen=${1:?path to vigie-docgen}
src=../../corpus-samples/amo-concertation-ccap.pdf
# A PDF protected by a user password (needed to open it) and one with an owner password only.
qpdf --encrypt secret-utilisateur secret-proprietaire 256 -- "$src" password-user.pdf
qpdf --encrypt "" secret-proprietaire 256 --print=none --modify=none -- "$src" password-owner-only.pdf
# A PDF cut in the middle, as an interrupted download leaves it.
head -c 9000 "$src" > truncated.pdf
# A PDF whose pages were all removed.
qpdf --empty --pages "$src" 1-0 -- no-pages.pdf 2>/dev/null || \
  printf '%%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[]/Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%%%EOF\n' > no-pages.pdf
# An HTML error page saved under a .pdf name.
printf '<!DOCTYPE html>\n<html><head><title>404</title></head><body>Document introuvable</body></html>\n' > html-page.pdf
# A DOCX that is not a ZIP (a text file renamed), and a ZIP without word/document.xml.
printf 'Ceci est un brouillon en texte brut, pas un DOCX.\n' > not-a-zip.docx
rm -f no-document.docx && (tmp=$(mktemp -d) && echo '<x/>' > "$tmp/readme.xml" && (cd "$tmp" && zip -q no-document.zip readme.xml) && mv "$tmp/no-document.zip" no-document.docx && rm -rf "$tmp")
# A truncated DOCX.
head -c 1500 ../../corpus-samples/amo-concertation-cctp-faible.docx > truncated.docx
# Plain text in Windows-1252, CP850 and UTF-16, with CRLF line ends and a form feed.
printf 'Cahier des clauses techniques particuli\xe8res\r\n\r\nLa concertation pr\xe9alable associe les habitants \x96 y compris les publics \xe9loign\xe9s.\r\n\x0cPage deux : le ma\xeetre d\x92ouvrage r\xe9pond \xe0 chaque contribution.\r\n' > latin1-cp1252.txt
printf 'Mission d\x27AMO : r\x82union publique et d\x82lib\x82ration du conseil municipal \x85 Marseille.\r\n' > dos-cp850.txt
printf 'Concertation pr\xc3\xa9alable : le ma\xc3\xaetre d\xe2\x80\x99ouvrage\n' | iconv -f UTF-8 -t UTF-16 > utf16-bom.txt
# A tiny PDF with a text layer but a 'PK' zip inside a .docx name.
cp ../../corpus-samples/jardin-partage-ccp.odt odt-named.docx
# A page holding only a table, followed by a page break.
"$docgen" table-page-break.src table-page-break.docx table-page-break.odt
# Page 1 opens with a title block whose first lines are the running header of pages 2 and 3.
"$docgen" title-block-header.src title-block-header.pdf
"$docgen" justified-wide-blanks.src justified-wide-blanks.pdf
echo "fixtures written"
