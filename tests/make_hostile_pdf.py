#!/usr/bin/env python3
"""Small PDFs that cost Poppler a lot, for the fault tests (tests/fault_test.cpp).

    make_hostile_pdf.py slow OUT [DRAWS]    one page drawing a 4000x4000 RGB image DRAWS
                                            times (default 200): 47 KB, each draw inflates
                                            and scales 48 MB (minutes of CPU in all)
    make_hostile_pdf.py hungry OUT [MIB]    one page drawing a 1x1 image whose ICC profile
                                            stream inflates to MIB MiB of zeros (default
                                            1024): about 1 KB per MiB; Poppler reads the whole
                                            profile into memory (over 1 GiB resident)

Measured by hand on the build machine with `vigie extract` and no limit (/usr/bin/time):
slow with 4 draws 7 s (about 1.8 s a draw, so 200 draws take about 6 minutes), hungry
(1024 MiB) 34 s and 1.07 GB resident. The pages have no text layer: vigie renders them to
look for a scan, which is what makes Poppler decode the images.

Both streams are built without inflating anything here: a deflate block of zeros is
compressed once, ended by a full flush (which resets the compressor, so the same input gives
the same bytes) and repeated.
"""

import sys
import zlib


def zeros_flate(n):
    """A zlib stream of n zero bytes."""
    block = 1 << 22
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    unit = compressor.compress(bytes(block)) + compressor.flush(zlib.Z_FULL_FLUSH)
    parts = [b"\x78\xda", unit * (n // block)]
    if n % block:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        parts.append(compressor.compress(bytes(n % block)) + compressor.flush(zlib.Z_FULL_FLUSH))
    parts.append(b"\x03\x00")  # a final, empty, fixed-Huffman block
    parts.append((((n % 65521) << 16) | 1).to_bytes(4, "big"))  # Adler-32 of n zeros
    return b"".join(parts)


def stream(dictionary, data):
    return dictionary + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def write_pdf(path, objects):
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def page_drawing(image, content):
    return [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]"
        b"/Resources<</XObject<</Im0 4 0 R>>>>/Contents 5 0 R>>",
        image,
        stream(b"<<", content),
    ]


def slow(path, draws):
    side = 4000
    image = stream(
        b"<</Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceRGB"
        b"/BitsPerComponent 8/Filter/FlateDecode" % (side, side),
        zeros_flate(side * side * 3),
    )
    write_pdf(path, page_drawing(image, b"q 612 0 0 792 0 0 cm /Im0 Do Q\n" * draws))


def hungry(path, mib):
    image = stream(
        b"<</Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace[/ICCBased 6 0 R]"
        b"/BitsPerComponent 8",
        b"\0\0\0",
    )
    objects = page_drawing(image, b"q 612 0 0 792 0 0 cm /Im0 Do Q\n")
    objects.append(stream(b"<</N 3/Filter/FlateDecode", zeros_flate(mib << 20)))
    write_pdf(path, objects)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("slow", "hungry"):
        sys.exit(__doc__)
    if sys.argv[1] == "slow":
        slow(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 200)
    else:
        hungry(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1024)


if __name__ == "__main__":
    main()
