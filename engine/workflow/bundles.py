"""The files of a deploy: BPMN and DMN read in their declared encoding, known by the processes
and decisions they define (not by their names), and forms (``<form key>.json``); all kept byte
for byte.

A deploy is a bundle: the uploaded files replace every deployed file that defines one of the
same process or decision ids, whatever either is called; an upload named like a deployed file
that defines other ids (two tools' ``diagram.bpmn``) is stored under a name of its own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import InvalidDefinition, Problem
from engine.workflow.models import DefinitionFile
from engine.workflow.validation.encoding import decode_xml

_DEFINING = (
    "/*[local-name()='definitions']/*[local-name()='process']/@id"
    " | /*[local-name()='definitions']/*[local-name()='decision']/@id"
)


FORM_SUFFIX = ".json"
#: a form key, as the forms package names its files (the engine does not import it)
_FORM_KEY = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class FormUpload:
    """A form uploaded with the bundle: ``<form key>.json``."""

    key: str
    content: bytes


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its bytes as sent, its text, and the ids it defines."""

    name: str
    content: bytes
    text: str
    defines: frozenset[str]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def read_uploads(files: dict[str, bytes]) -> tuple[list[Upload], dict[str, FormUpload]]:
    """The uploaded BPMN/DMN files as text, and the forms by key; ``InvalidDefinition`` names
    every file that cannot be read."""
    uploads, forms, problems = [], {}, []
    for name, content in files.items():
        if name.endswith(FORM_SUFFIX):
            key = name.removesuffix(FORM_SUFFIX)
            if _FORM_KEY.fullmatch(key):
                forms[key] = FormUpload(key, content)
            else:
                problems.append(
                    Problem(
                        name, "a form file is named by its form key: a-z, 0-9 and _, e.g. check_archives.json"
                    )
                )
            continue
        text = decode_xml(name, content)
        if isinstance(text, Problem):
            problems.append(text)
        else:
            uploads.append(Upload(name, content, text, defined_ids(text)))
    if problems:
        raise InvalidDefinition(problems)
    return uploads, forms


def defined_ids(text: str) -> frozenset[str]:
    """The process and decision ids a BPMN/DMN text defines (none if it is not well-formed)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return frozenset()
    return frozenset(str(found) for found in root.xpath(_DEFINING))


def merge(deployed: dict[str, str], uploads: list[Upload]) -> tuple[dict[str, str], dict[str, Upload]]:
    """The sources after the deploy (file name → text) and the name each upload is kept under."""
    defined = set().union(*(upload.defines for upload in uploads))
    kept = {name: text for name, text in deployed.items() if not (defined_ids(text) & defined)}
    named: dict[str, Upload] = {}
    for upload in uploads:
        name = upload.name
        if name in kept or name in named:
            name = _own_name(upload, set(kept) | set(named))
        named[name] = upload
    return {**kept, **{name: upload.text for name, upload in named.items()}}, named


def _own_name(upload: Upload, taken: set[str]) -> str:
    """``diagram.bpmn`` defining ``Process_2`` → ``diagram-Process_2.bpmn``."""
    path = PurePosixPath(upload.name)
    stem = "-".join([path.stem, *sorted(upload.defines)]) or path.stem
    candidate, number = f"{stem}{path.suffix}", 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}{path.suffix}", number + 1
    return candidate


def store(session: Session, content: bytes) -> str:
    """Keep ``content`` (once per distinct content); its sha256."""
    digest = hashlib.sha256(content).hexdigest()
    if session.get(DefinitionFile, digest) is None:
        session.add(DefinitionFile(sha256=digest, content=content, size=len(content)))
    return digest


def contents(session: Session, digests: set[str]) -> dict[str, bytes]:
    """sha256 → the stored bytes."""
    rows = session.execute(
        select(DefinitionFile.sha256, DefinitionFile.content).where(DefinitionFile.sha256.in_(digests))
    )
    return {digest: content for digest, content in rows}
