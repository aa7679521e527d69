"""Bytes to text: which files are text listings, and in which encoding.

A listing is UTF-8 (a byte-order mark is allowed), or UTF-16 or UTF-32 with
the byte-order mark that says so. Anything else is refused with a message
naming the line and what the bytes look like, rather than guessed: a wrong
guess between Latin-1, Windows-1252 and the other 8-bit encodings publishes
wrong names without a word, and a title spelled two ways splits one paper in
two. Converting a file once is easy; the message says how.
"""

from __future__ import annotations

import codecs

from generator.model import Problem

# Above this a file is refused before it is read. The project's 20,000-paper
# synthetic arXiv listing is 48.7 MB and reads at a peak of about 600 MB.
MAX_LISTING_BYTES = 50_000_000
MAX_LISTING_MB = MAX_LISTING_BYTES // 1_000_000

_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
}
# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_EXCERPT = 60  # characters of a line quoted in a message


def too_big(size: int, name: str) -> Problem | None:
    if size <= MAX_LISTING_BYTES:
        return None
    return Problem(
        name,
        f"the file is {size / 1e6:.0f} MB; a listing may be at most {MAX_LISTING_MB} MB "
        "(MAX_LISTING_BYTES): split it into several listings",
    )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """ "little-endian"/"big-endian" when the bytes look like UTF-16 text with no mark.

    Text in a Latin script has a zero byte in every other place: after each
    character in little-endian order, before it in big-endian.
    """
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    odd_zeros = sample[1::2].count(0)
    even_zeros = sample[0::2].count(0)
    if odd_zeros >= 0.6 * pairs and even_zeros == 0:
        return "little-endian"
    if even_zeros >= 0.6 * pairs and odd_zeros == 0:
        return "big-endian"
    return None


def _not_utf8(data: bytes, name: str, exc: UnicodeDecodeError) -> Problem:
    """Where the bytes stop being UTF-8, and what the line reads as in Windows-1252."""
    line = _line_of(data, exc.start)
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    column = exc.start - line_start + 1
    byte = data[exc.start]
    message = f"byte 0x{byte:02X} (column {column}) is not UTF-8"
    line_end = data.find(b"\n", exc.start)
    raw_line = data[line_start : line_end if line_end >= 0 else len(data)]
    try:
        as_cp1252 = raw_line.decode("cp1252").strip()
    except UnicodeDecodeError:
        return Problem(name, f"{message}: save the file as UTF-8", line=line)
    if len(as_cp1252) > _EXCERPT:
        as_cp1252 = as_cp1252[:_EXCERPT] + "…"
    return Problem(
        name,
        f"{message}; the file looks like Windows-1252 or Latin-1 (this line would read "
        f"{as_cp1252!r}): save it as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8",
        line=line,
    )


def _decode_marked(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    """Text of a file that starts with a byte-order mark, else (None, None)."""
    for bom, codec, label in _BOMS:
        if not data.startswith(bom):
            continue
        try:
            return data.decode(codec), None
        except UnicodeDecodeError as exc:
            line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
            message = f"not valid {label} after its byte-order mark (byte {exc.start})"
            return None, Problem(name, message, line=line)
    return None, None


def decode(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    """Bytes to text, or a Problem saying why this is not a text listing."""
    if (problem := too_big(len(data), name)) is not None:
        return None, problem
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return None, Problem(name, f"this is {what}, not a paper listing")
    text, problem = _decode_marked(data, name)
    if problem is not None:
        return None, problem
    if text is None:
        if (order := _utf16_without_bom(data)) is not None:
            return None, Problem(
                name,
                f"this looks like UTF-16 ({order}) text without a byte-order mark: "
                "save it as UTF-8",
            )
        if (nul := data.find(b"\x00")) >= 0:
            return None, Problem(
                name,
                "a NUL byte: this is a binary file, not a paper listing",
                line=_line_of(data, nul),
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, _not_utf8(data, name, exc)
    if not text:
        return None, Problem(name, "the file is empty")
    if not text.strip():
        return None, Problem(name, "the file holds only whitespace")
    return text, None
