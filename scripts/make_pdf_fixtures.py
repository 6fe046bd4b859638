#!/usr/bin/env python3
"""Writes the hostile PDF fixtures of tests/pdf.rs into tests/fixtures/pdf/hostile/.

Plain Python writing PDF syntax (zlib for the compressed streams); the encrypted fixtures need
qpdf (`apt-get install qpdf`). The truncated fixture is cut from a real disclosure committed
beside them (tests/fixtures/pdf/shanghai-e6beaf625c.pdf). Running it again gives the same bytes,
except for the encrypted fixtures (qpdf draws their salts at random).

usage: python3 scripts/make_pdf_fixtures.py
"""
import pathlib
import random
import shutil
import subprocess
import sys
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
OUT = FIXTURES / "hostile"


def pdf(objects, root=1):
    """A PDF of the given object bodies (object n is objects[n-1]) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(lines, font=b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", more=()):
    """One page of ASCII text lines in the given font (object 4); `more` are extra objects."""
    content = b"BT /F1 12 Tf 72 720 Td 14 TL\n" + b"".join(
        b"(%s) Tj T*\n" % line for line in lines
    ) + b"ET"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            font,
            stream(content),
            *more,
        ]
    )


def twice_deflated(size, byte=b" "):
    """`size` bytes of `byte`, deflated twice: a few kilobytes that inflate to `size`."""
    once = zlib.compressobj(9)
    chunk = byte * (1 << 20)
    parts = [once.compress(chunk) for _ in range(size >> 20)]
    parts.append(once.flush())
    return zlib.compress(b"".join(parts), 9)


def bomb():
    """A page whose content stream inflates to 64 MiB of spaces, and a Type 1 font whose
    embedded font file inflates to 2 GiB (poppler reads a font file whole)."""
    content = twice_deflated(64 << 20)
    font_file = twice_deflated(2 << 30, b"\0")
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Bomb /FirstChar 32 /LastChar 126 "
            b"/FontDescriptor 6 0 R >>",
            stream(content, b"/Filter [/FlateDecode /FlateDecode]"),
            b"<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] "
            b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 "
            b"/FontFile 7 0 R >>",
            stream(font_file, b"/Filter [/FlateDecode /FlateDecode] /Length1 0 /Length2 0 /Length3 0"),
        ]
    )


def pages(count, contents=b""):
    """`count` pages sharing one content stream."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        stream(contents),
    ]
    for _ in range(count):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im1 %d 0 R >> >> /Contents 3 0 R >>"
            % (4 + count)
        )
    # A small grey image, drawn only when `contents` says so (the scan).
    objects.append(
        stream(
            bytes(range(64)) * 16,
            b"/Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8",
        )
    )
    return pdf(objects)


def garbage():
    """Text whose ToUnicode map sends every code to the private use area, as a broken font map
    does."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Broken def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <20> <7E> <E020> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    lines = [b"Department budget 2026 revenue and expenditure summary %d" % i for i in range(40)]
    return text_pdf(
        lines,
        font=b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        more=[stream(cmap)],
    )


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    written = {
        "bomb.pdf": bomb(),
        "random.pdf": b"%PDF-1.4\n" + random.Random(20261206).randbytes(64 * 1024),
        "zero-pages.pdf": pdf(
            [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
        ),
        "empty-pages.pdf": pages(5000),
        "scan.pdf": pages(3, b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        "garbage.pdf": garbage(),
    }
    real = FIXTURES / "shanghai-e6beaf625c.pdf"
    data = real.read_bytes()
    written["truncated.pdf"] = data[: len(data) * 6 // 10]
    plain = text_pdf([b"Department budget 2026", b"Revenue 1,234.56"])
    for name, data in written.items():
        (OUT / name).write_bytes(data)
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        sys.exit("qpdf is needed for the encrypted fixtures: apt-get install qpdf")
    # 5,000 page objects take 800 KB as written; in object streams, 50 KB.
    loose = OUT / "empty-pages.tmp.pdf"
    (OUT / "empty-pages.pdf").rename(loose)
    subprocess.run(
        [qpdf, "--static-id", "--object-streams=generate", "--compress-streams=y",
         str(loose), str(OUT / "empty-pages.pdf")],
        check=True,
    )
    loose.unlink()
    source = OUT / "plain.tmp.pdf"
    source.write_bytes(plain)
    # A user password: nothing opens it without one. An owner password only: it opens, with
    # permissions that forbid copying text (which pdftotext does not enforce).
    for name, user, extra in [
        ("encrypted.pdf", "secret", []),
        ("encrypted-owner-only.pdf", "", ["--extract=n"]),
    ]:
        subprocess.run(
            [qpdf, "--static-id", "--encrypt", user, "owner", "256", *extra, "--",
             str(source), str(OUT / name)],
            check=True,
        )
    source.unlink()
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>9}  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
