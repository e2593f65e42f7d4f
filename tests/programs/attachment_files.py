"""Tiny real files for the attachment tests, made here rather than shipped."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

OOXML = "application/vnd.openxmlformats-officedocument"


def png() -> bytes:
    """A 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    """A one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def windows_executable() -> bytes:
    """The start of a PE file: the MZ header pointing at a PE signature."""
    header = bytearray(b"MZ" + b"\x90\x00" + b"\x00" * 56)
    header += struct.pack("<I", 64)
    return bytes(header) + b"PE\x00\x00" + b"\x00" * 200


def office(main_type: str, part: str = "/word/document.xml") -> bytes:
    """A zip shaped as an Office Open XML document whose main part is ``main_type``."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="{part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr(part.lstrip("/"), "<document/>")
    return out.getvalue()


def docx() -> bytes:
    return office(f"{OOXML}.wordprocessingml.document.main+xml")


def xlsx() -> bytes:
    return office(f"{OOXML}.spreadsheetml.sheet.main+xml", "/xl/workbook.xml")


def docm() -> bytes:
    return office("application/vnd.ms-word.document.macroEnabled.main+xml")


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()
