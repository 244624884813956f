"""No personal data in the logs: a resident ID number in a logged line (``/retirees?q=410105…``
in an access log, a message quoting one) is masked as the registry masks it."""

from __future__ import annotations

import logging
import re

from engine.registry.access import mask

ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])")
#: the loggers that write requests' lines: Werkzeug's (the development server) and gunicorn's
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "yijiao")


class MaskIdNumbers(logging.Filter):
    """Rewrites a record's message with every ID number masked (the record is then logged)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = ID_NUMBER.sub(lambda m: mask(m.group(0).upper()), message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def mask_id_numbers_in_logs() -> None:
    """Put the filter on the access loggers and on the root logger's handlers (once)."""
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskIdNumbers) for f in logger.filters):
            logger.addFilter(MaskIdNumbers())
