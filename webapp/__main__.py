"""The ``yijiao`` command (and ``python -m webapp``): Flask's CLI on the app factory, with the
commands of webapp/cli.py (upgrade-db, deploy, seed-demo, worker, rebuild-progress) and ``run``."""

from flask.cli import FlaskGroup

from webapp import create_app


def main() -> None:
    FlaskGroup(create_app=create_app, help="移交 Yijiao").main()


if __name__ == "__main__":
    main()
