"""A worker killed while it prints a long register (``kill -9``: no chance to say so) leaves the
job running with a heartbeat that stops; the next worker round takes the render over from the
start and the register is made — once, and complete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import select

from engine.workflow.documents import DocumentJob

from . import handover
from .conftest import browser, pdf_pages
from .generated import roster
from .test_document_jobs import jobs_of, work
from .test_store import stored

PEOPLE = 3000
REGISTER = "/cases/{case}/documents/handover_register.pdf?county=410105"


def start_worker(app) -> subprocess.Popen:
    """``yijiao worker`` in a process of its own on the test's database (the clock where the
    test's is, so no timer of the case comes due)."""
    env = {
        **os.environ,
        "DATABASE_URL": app.config["DATABASE_URL"],
        "YIJIAO_CLOCK_START": app.config["CLOCK_START"],
        "YIJIAO_SECRET_KEY": "k" * 32,
    }
    command = [sys.executable, "-m", "webapp", "worker", "--interval", "0.2"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def printing(app, timeout: float = 120) -> DocumentJob:
    """The job once the worker has laid out its pages and is printing them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.extensions["yijiao"]["sessions"]() as session:
            job = session.scalars(select(DocumentJob)).first()
            if job is not None and job.state == "running" and job.pages_total:
                return job
        time.sleep(0.05)
    raise AssertionError("the worker never started printing the register")


def test_a_worker_killed_mid_render_leaves_the_register_to_the_next_round(app, driver):
    app.config["DOCUMENT_INLINE_ROWS"] = 100
    case = handover.programme_of(driver, roster(PEOPLE))
    handover.verified(driver, case)
    driver.allocate_all(case, handover.JINSHUI)
    county = browser(app, "county")
    assert county.get(REGISTER.format(case=case)).mimetype == "text/html"  # queued, not printed

    worker = start_worker(app)
    try:
        taken = printing(app)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        worker.kill()
    (left,) = jobs_of(app)
    assert left.state == "running" and left.pages_done < left.pages_total == taken.pages_total
    assert stored(app, kind="handover_register") == []

    assert "worked on 1" in work(app, stalled_after="0")
    (job,) = jobs_of(app)
    assert job.state == "done" and job.attempts == 1  # the killed worker's try counted
    response = county.get(REGISTER.format(case=case))
    assert response.mimetype == "application/pdf"
    assert pdf_pages(response.data) == job.pages_total == taken.pages_total
    assert len(stored(app, kind="handover_register")) == 1
