"""Every write: admin, API, management commands and imports all call these functions.

Each one locks what it will rewrite before it reads it, writes only the fields that changed,
recomputes derived fields (consensus, search text) once, explicitly, and moves cache epochs on
commit. No model signal does any of this: a plain `Model.save()` in a shell writes the row and
nothing else, and `manage.py recompute_consensus` repairs after it.
"""

from .claims import (
    CLAIM_FIELDS,
    MAX_CITATIONS_PER_REQUEST,
    StaleVersion,
    create_claim,
    delete_citations,
    delete_claims,
    retract_citation,
    save_citation,
    save_claim,
    set_status,
    share_informant,
)
from .dataset import load_dataset
from .derived import recompute_locked
from .fanout import drain_pending, pending_count
from .imports import ImportRejected, ImportResult, import_citations
from .locking import TryAgain, retry_on_conflict
from .questions import MAX_HYPOTHESES, delete_questions, save_question
from .relations import MAX_RELATIONS, duplicate_cycle, set_relations
from .repair import recompute_consensus
from .vocabulary import Recomputation, delete_vocabulary, save_confidence_level, save_source, save_topic

__all__ = [
    "CLAIM_FIELDS",
    "ImportRejected",
    "ImportResult",
    "MAX_CITATIONS_PER_REQUEST",
    "MAX_HYPOTHESES",
    "MAX_RELATIONS",
    "Recomputation",
    "StaleVersion",
    "TryAgain",
    "create_claim",
    "delete_citations",
    "delete_claims",
    "delete_questions",
    "delete_vocabulary",
    "drain_pending",
    "duplicate_cycle",
    "import_citations",
    "load_dataset",
    "pending_count",
    "recompute_consensus",
    "recompute_locked",
    "retract_citation",
    "retry_on_conflict",
    "save_citation",
    "save_claim",
    "save_confidence_level",
    "save_question",
    "save_source",
    "save_topic",
    "set_relations",
    "set_status",
    "share_informant",
]
