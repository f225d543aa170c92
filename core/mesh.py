"""The descriptors of a MeSH file as NLM distributes them (https://www.nlm.nih.gov/databases/download/mesh.html):
the XML (desc20XX.xml) or the ASCII (d20XX.bin) descriptor file, read as a stream (the real files are about 300 MB)."""

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class MeshFileError(Exception):
    """The file is not a MeSH descriptor file this reader knows, or cannot be read."""


@dataclass(frozen=True)
class MeshDescriptor:
    ui: str  # "D005207"
    heading: str  # "Fasciculation"
    entry_terms: tuple[str, ...]


def mesh_descriptors(*, path: Path) -> Iterator[MeshDescriptor]:
    """Each descriptor of the file, in its order. The format is told by the file's first characters ("<" for XML,
    "*NEWRECORD" for ASCII), not by its name. Raises `MeshFileError` for anything else, or a file cut short."""
    try:
        with path.open("rb") as file:
            start = file.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as error:
        raise MeshFileError(str(error)) from error
    if start.startswith(b"<"):
        return _xml_descriptors(path)
    if start.startswith(b"*NEWRECORD"):
        return _ascii_descriptors(path)
    raise MeshFileError("not a MeSH descriptor file (the XML desc20XX.xml or the ASCII d20XX.bin)")


def _xml_descriptors(path: Path) -> Iterator[MeshDescriptor]:
    try:
        events = ElementTree.iterparse(path, events=("start", "end"))
        _event, root = next(events)
        if root.tag != "DescriptorRecordSet":
            raise MeshFileError(f"an XML file of {root.tag}, not of MeSH descriptors (DescriptorRecordSet)")
        for event, element in events:
            if event != "end" or element.tag != "DescriptorRecord":
                continue
            ui = element.findtext("DescriptorUI", "").strip()
            heading = element.findtext("DescriptorName/String", "").strip()
            entries = tuple(
                text.strip()
                for term in element.iterfind("ConceptList/Concept/TermList/Term")
                # Permuted terms (older files) are the same words reordered for printed indexes.
                if term.get("IsPermutedTermYN") != "Y" and (text := term.findtext("String", ""))
            )
            # Memory stays that of one record: the record and the root's reference to it go once read.
            element.clear()
            root.clear()
            yield MeshDescriptor(ui=ui, heading=heading, entry_terms=entries)
    except ElementTree.ParseError as error:
        raise MeshFileError(f"not well-formed XML ({error})") from error


def _ascii_descriptors(path: Path) -> Iterator[MeshDescriptor]:
    fields: dict[str, list[str]] | None = None
    try:
        with path.open(encoding="utf-8") as file:
            for line in file:
                line = line.rstrip("\r\n")
                if line == "*NEWRECORD":
                    if fields is not None:
                        yield _ascii_descriptor(fields)
                    fields = {}
                elif fields is not None and " = " in line:
                    key, value = line.split(" = ", 1)
                    fields.setdefault(key.strip(), []).append(value)
    except UnicodeDecodeError as error:
        raise MeshFileError(f"not UTF-8 text ({error})") from error
    except OSError as error:
        raise MeshFileError(str(error)) from error
    if fields is not None:
        yield _ascii_descriptor(fields)


def _ascii_descriptor(fields: dict[str, list[str]]) -> MeshDescriptor:
    # "ENTRY = Fasciculations|T033|NON|EQV|…": the term, then its codes (a term alone has none).
    entries = [value.split("|", 1)[0].strip() for key in ("PRINT ENTRY", "ENTRY") for value in fields.get(key, [])]
    return MeshDescriptor(
        ui=fields.get("UI", [""])[0].strip(),
        heading=fields.get("MH", [""])[0].strip(),
        entry_terms=tuple(entry for entry in entries if entry),
    )
