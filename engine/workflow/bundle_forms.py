"""The forms of a deploy: every form a version's tasks name travels with that version, so a case
shows and checks the forms it started with while a designer changes them for the next one.

Each form comes from the bundle itself (``<form key>.json``), else from what is deployed, else
from the application's forms (``forms/schemas``). Deploying ``processes/`` from the application
takes the application's forms first: they are its files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from engine.errors import Problem
from engine.workflow import bundles
from engine.workflow.validation import ParsedSources


@dataclass(frozen=True)
class FormSource:
    """What the engine knows of forms without depending on the forms package."""

    #: form key → the application's JSON of it (None: there is no such form)
    library: Callable[[str], bytes | None]
    #: (file name, text) → every problem of a form's text, empty when good
    check: Callable[[str, str], list[str]]


@dataclass(frozen=True)
class ChosenForms:
    """Form key → where its JSON comes from: bytes to store, or the digest of a deployed one."""

    new: dict[str, bytes]
    deployed: dict[str, str]

    def store(self, session: Session) -> dict[str, str]:
        """Form key → sha256 of every chosen form, the new ones stored."""
        return {
            **self.deployed,
            **{key: bundles.store(session, content) for key, content in self.new.items()},
        }


def choose(
    parsed: ParsedSources,
    uploads: dict[str, bundles.FormUpload],
    deployed: dict[str, str],
    source: FormSource,
    *,
    library_first: bool,
) -> tuple[ChosenForms, list[Problem]]:
    """The forms the bundle's processes name (and their start forms, where there is one), and
    the problems: a form named but found nowhere, an uploaded form that is not good, an uploaded
    form no task names."""
    new: dict[str, bytes] = {}
    chosen: dict[str, str] = {}
    problems = [
        Problem(f"{key}.json", message.removeprefix(f"{key}.json: "))
        for key, upload in uploads.items()
        for message in source.check(f"{key}.json", upload.content.decode("utf-8", errors="replace"))
    ]
    wanted = _wanted(parsed)
    for key, (file, task_id, line) in wanted.items():
        if key in uploads:
            new[key] = uploads[key].content
        elif library_first and (found := source.library(key)) is not None:
            new[key] = found
        elif key in deployed:
            chosen[key] = deployed[key]
        elif (found := source.library(key)) is not None:
            new[key] = found
        elif task_id is not None:
            problems.append(
                Problem(
                    file,
                    f"task '{task_id}' shows form '{key}', which is neither in this bundle ({key}.json),"
                    " nor deployed, nor one of the application's forms",
                    task_id,
                    line,
                )
            )
    problems += [
        Problem(
            f"{key}.json", f"form '{key}' is shown by no task of the bundle: name it on a user task (form)"
        )
        for key in uploads
        if key not in wanted
    ]
    return ChosenForms(new, chosen), problems


def _wanted(parsed: ParsedSources) -> dict[str, tuple[str, str | None, int | None]]:
    """Form key → (file, task, line) naming it; start forms with no task (taken if they exist)."""
    wanted: dict[str, tuple[str, str | None, int | None]] = {}
    for pid in sorted(parsed.executable):
        file = parsed.process_files[pid]
        for key, (task_id, line) in sorted(parsed.forms.get(pid, {}).items()):
            wanted.setdefault(key, (file, task_id, line))
        wanted.setdefault(f"start_{pid}", (file, None, None))
    return wanted


def of_bundle(parsed: ParsedSources, bundle_processes: set[str], digests: dict[str, str]) -> dict[str, str]:
    """The forms one version keeps: those its processes name, and its start form."""
    keys = {key for pid in bundle_processes for key in parsed.forms.get(pid, {})}
    keys |= {f"start_{pid}" for pid in bundle_processes}
    return {key: digests[key] for key in sorted(keys) if key in digests}
