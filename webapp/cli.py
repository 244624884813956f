"""Command line: ``yijiao upgrade-db | deploy | seed-demo | worker | rebuild-progress | verify-audit |
send-mail | run`` (a Flask CLI group)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from engine import InvalidDefinition, fees, migrate
from engine.aftercare.deaths import lists as death_list
from engine.progress import rebuild as progress_rebuild
from engine.registry.rosters import BATCH_SIZE
from engine.workflow import reminders

from . import mail
from .aftercare.deaths import resume_stalled_lists
from .auth.accounts import hash_password
from .context import engine
from .documents import jobs as document_jobs
from .rosters.runner import StalledImports, budget_of, resume_stalled


def register(app: Flask) -> None:
    for command in (upgrade_db, deploy, seed_demo, worker, rebuild_progress, verify_audit, send_mail):
        app.cli.add_command(command)


def _sessions():
    return current_app.extensions["yijiao"]["sessions"]


@click.command("upgrade-db")
@with_appcontext
def upgrade_db() -> None:
    """Bring the database schema to the newest migration."""
    migrate.upgrade(current_app.extensions["yijiao"]["db_engine"])
    click.echo("database schema is up to date")


@click.command("deploy")
@with_appcontext
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def deploy(paths: tuple[Path, ...]) -> None:
    """Validate and deploy BPMN/DMN files, forms (<form key>.json) or folders as one bundle
    (default: processes/, with the application's forms)."""
    from engine.workflow.deploying import read_directory

    files: dict[str, bytes] = {}
    for path in paths:
        files |= read_directory(path) if path.is_dir() else {path.name: path.read_bytes()}
    try:
        with _sessions()() as session, session.begin():
            if paths:
                deployments = engine().deploy(session, files)
            else:
                deployments = engine().deploy_directory(session, Path(current_app.config["PROCESSES_DIR"]))
    except InvalidDefinition as refused:
        for problem in refused.problems:
            click.echo(f"refused: {problem}", err=True)
        raise SystemExit(1) from refused
    for d in deployments:
        click.echo(f"{d.key} v{d.version} {'deployed' if d.changed else 'unchanged'}")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Deploy processes/ and load the demo campaign (idempotent; demo mode only)."""
    from . import demo

    if not current_app.config.get("DEMO"):
        click.echo("refused: seed-demo runs only in demo mode (YIJIAO_DEMO=true)", err=True)
        raise SystemExit(1)
    with _sessions()() as session, session.begin():
        moment = demo.start_demo_clock(session, current_app.extensions["yijiao"]["clock"])
    if moment is not None:
        current_app.extensions["yijiao"]["clock"].forget()
        click.echo(f"演示时钟：{moment:%Y-%m-%d %H:%M}（北京时间，可在“系统管理 › 系统时钟”中调整）")
    with _sessions()() as session, session.begin():
        s = demo.seed(
            session,
            engine(),
            Path(current_app.config["PROCESSES_DIR"]),
            hash_password=partial(hash_password, method=current_app.config["PASSWORD_HASH_METHOD"]),
        )
    click.echo(
        f"演示数据：{s.processes} 个流程、{s.organisations} 个组织、{s.users} 个用户、"
        f"{s.retirees} 名退休人员、{s.cases} 个移交案件、{s.services} 项移交后服务"
        f"（{'新建' if s.new else '已存在，未改动'}）"
    )
    click.echo(
        f"demo data: {s.processes} process(es), {s.organisations} organisations, {s.users} users, "
        f"{s.retirees} retirees, {s.cases} hand-over cases, {s.services} services after the hand-over "
        f"({'created' if s.new else 'already there, unchanged'})"
    )


@click.command("rebuild-progress")
@with_appcontext
@click.option("--case", "case_id", type=int, default=None, help="Only this case.")
def rebuild_progress(case_id: int | None) -> None:
    """Rebuild the supervisors' milestone units from what the cases have done (after upgrading
    a database whose cases ran before the units existed)."""
    with _sessions()() as session, session.begin():
        count = progress_rebuild.rebuild(session, engine().script_engine, case_id)
    click.echo(f"已重建 {count} 个案件的进度统计 / progress rebuilt for {count} case(s)")


@click.command("verify-audit")
@with_appcontext
def verify_audit() -> None:
    """Check the audit log's hash chain from its first event; exit 1 at the first broken link."""
    from engine.directory.audit_verify import verify

    with _sessions()() as session:
        report = verify(session)
    if report.intact:
        click.echo(f"audit chain intact: {report.events} event(s), head {report.head}")
        return
    broken = report.broken
    where = f"seq {broken.seq}" if broken.seq is not None else "no seq"
    which = f"event {broken.event_id}, " if broken.event_id is not None else ""
    click.echo(
        f"audit chain BROKEN at {which}{where}: {broken.reason} ({report.events} event(s) before it intact)",
        err=True,
    )
    raise SystemExit(1)


@click.command("send-mail")
@with_appcontext
@click.option("--print", "print_only", is_flag=True, help="Print the pending mails; send and mark nothing.")
def send_mail(print_only: bool) -> None:
    """Send the outbox's pending mails over SMTP (YIJIAO_SMTP_HOST), marking them sent; without an
    SMTP host, or with --print, print them instead (they stay pending)."""
    settings = mail.SmtpSettings.from_config(current_app.config)
    if print_only or settings is None:
        with _sessions()() as session, session.begin():
            texts = mail.pending_texts(session)
        for text in texts:
            click.echo(text + "-" * 40)
        unsent = "" if print_only else "（未配置 YIJIAO_SMTP_HOST，未发送 / no SMTP host: nothing sent）"
        click.echo(f"{len(texts)} 封待发邮件 / {len(texts)} pending mail(s){unsent}")
        return
    sent = mail.send_pending(_sessions(), settings, engine().clock.now)
    click.echo(f"已发送 {sent} 封邮件 / sent {sent} mail(s)")


@click.command("worker")
@with_appcontext
@click.option("--once", is_flag=True, help="Fire what is due now and stop.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds when idle.")
@click.option("--batch", default=20, show_default=True, help="Cases per transaction.")
@click.option(
    "--stalled-after",
    default=60.0,
    show_default=True,
    help="Resume a roster import, a death list or a document whose render has not moved on for this "
    "many seconds (0: at once).",
)
def worker(once: bool, interval: float, batch: int, stalled_after: float) -> None:
    """Fire due timers, send reminders of tasks due within 7 days, open each county's yearly
    management fee case, resume roster imports whose thread died and death lists whose upload
    request died, and make the documents queued for it (in a thread of its own, so a long
    register never delays a timer); several workers may run at once (PostgreSQL)."""
    log = logging.getLogger("yijiao.worker")
    if not once:
        _start_document_maker(interval, stalled_after, log)
    stalled = StalledImports(after=stalled_after)
    stalled_lists = death_list.StalledLists(after=stalled_after)
    while True:
        try:
            with _sessions()() as session, session.begin():
                moved = engine().fire_due_timers(session, limit=batch)
        except Exception:  # a bad round must not stop the worker; the next round retries
            log.exception("timer round failed")
            moved = 0
        if moved:
            click.echo(f"fired timers of {moved} case(s)")
        _send_reminders(log)
        _open_fee_years(log)
        resumed = _resume_roster_imports(stalled, log)
        resumed += _resume_death_lists(stalled_lists, log)
        if once and moved < batch:
            _make_documents(stalled_after, log)
            return
        if not moved and not resumed:
            time.sleep(interval)


def _send_reminders(log: logging.Logger) -> int:
    return _round(
        log,
        "reminder",
        lambda session: reminders.send_due_reminders(session, engine().clock.now()),
        "sent {} reminder(s) of tasks due soon",
    )


def _open_fee_years(log: logging.Logger) -> int:
    """管理费用年度拨付: each county's case of every year the clock has reached (``engine.fees``)."""
    return _round(
        log,
        "fee year",
        lambda session: fees.open_due_years(session, engine(), engine().clock.now()),
        "opened {} yearly management fee case(s)",
    )


def _round(log: logging.Logger, what: str, work: Callable[[Session], int], said: str) -> int:
    """One of the worker's rounds in a transaction of its own: how many things it did. A round
    that fails is logged and retried next time, like a timer round, and never stops the worker."""
    try:
        with _sessions()() as session, session.begin():
            done = work(session)
    except Exception:
        log.exception(f"{what} round failed")
        return 0
    if done:
        click.echo(said.format(done))
    return done


def _resume_roster_imports(stalled: StalledImports, log: logging.Logger) -> int:
    try:
        resumed = resume_stalled(
            _sessions(),
            stalled,
            engine().clock,
            current_app.config.get("ROSTER_BATCH_SIZE", BATCH_SIZE),
            budget_of(current_app),
        )
    except Exception:
        log.exception("roster import round failed")
        return 0
    if resumed:
        click.echo(f"resumed {resumed} roster import(s)")
    return resumed


def _resume_death_lists(stalled: death_list.StalledLists, log: logging.Logger) -> int:
    """民政死亡名单 whose upload request died half-way, finished (``webapp.aftercare.deaths``)."""
    try:
        resumed = resume_stalled_lists(
            _sessions(),
            stalled,
            engine(),
            current_app.config.get("DEATH_LIST_BATCH_SIZE", death_list.BATCH_SIZE),
        )
    except Exception:
        log.exception("death list round failed")
        return 0
    if resumed:
        click.echo(f"resumed {resumed} death list(s)")
    return resumed


def _make_documents(stalled_after: float, log: logging.Logger, yijiao: dict | None = None) -> int:
    """The documents queued for the worker, or left half-made by a worker that died, made now
    (``yijiao``: the app's objects, for the thread, which has no application context)."""
    yijiao = yijiao or current_app.extensions["yijiao"]
    try:
        taken = document_jobs.make_queued(yijiao["sessions"], yijiao["engine"], stalled_after)
    except Exception:  # the database away: the next round tries again
        log.exception("document round failed")
        return 0
    if taken:
        click.echo(f"worked on {taken} queued document(s)")
    return taken


def _start_document_maker(interval: float, stalled_after: float, log: logging.Logger) -> threading.Thread:
    """The thread making queued documents one at a time (``documents-maker``): a 40-second
    register renders beside the timers, not in their way; it stops with the process."""
    yijiao = current_app.extensions["yijiao"]

    def make_forever() -> None:
        while True:
            _make_documents(stalled_after, log, yijiao)
            time.sleep(interval)

    thread = threading.Thread(target=make_forever, name="documents-maker", daemon=True)
    thread.start()
    return thread
