"""Importing retiree rosters (登记表) into the registry: reading CSV/XLSX files row by row,
checking each row, storing batches, and the template and rejection files people work with.

No Flask and no commits here: the caller owns the transaction of each batch.
"""

from engine.registry.rosters import storage
from engine.registry.rosters.importing import BATCH_SIZE, BatchResult, import_batch, start_import
from engine.registry.rosters.reading import Roster, RosterUnreadable, open_roster
from engine.registry.rosters.validation import check_row

__all__ = [
    "BATCH_SIZE",
    "BatchResult",
    "Roster",
    "RosterUnreadable",
    "check_row",
    "import_batch",
    "open_roster",
    "start_import",
    "storage",
]
