"""Fixtures for driving the real procedures of processes/ through the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Engine
from engine.listeners import domain_listeners, shown_task_data

from . import campaign
from .driver import Driver

PROCESSES = Path(__file__).resolve().parent.parent.parent / "processes"


@pytest.fixture
def procedures(clock, tx) -> Engine:
    """An engine with every procedure of processes/ deployed, validating forms like the app."""
    import forms

    engine = Engine(
        clock=clock,
        validator=forms.engine_validator,
        listeners=domain_listeners(),
        shown_data=shown_task_data,
    )
    with tx() as session:
        engine.deploy_directory(session, PROCESSES)
    return engine


@pytest.fixture
def drive(procedures, tx) -> Driver:
    return Driver(procedures, tx, campaign.Officials())
