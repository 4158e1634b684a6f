"""The case ledger (办件): lifecycle as data, the clock typed by the statute, e-supervision.

Pure library like the rest of the runtime: the admin stores cases and their event logs; everything else
(state, due dates, colours, explanations) is replayed from the log, the pinned basis and the calendar.
"""
from .joint import StageCase as StageCase, capped as capped, stage_cases as stage_cases
from .lifecycle import Lifecycle as Lifecycle, check_lifecycle as check_lifecycle, load_lifecycle as load_lifecycle
from .lifecycle import NOTICE_KINDS as NOTICE_KINDS, NoticeDef as NoticeDef
from .model import CaseBasis as CaseBasis, CaseError as CaseError, CaseEvent as CaseEvent, CasePolicy as CasePolicy
from .model import calendar_revision as calendar_revision
from .model import CaseStep as CaseStep, DeferredMaterial as DeferredMaterial, FeeAllowance as FeeAllowance
from .replay import CaseStatus as CaseStatus, RESULT_NAMES as RESULT_NAMES, TIMELINESS_NAMES as TIMELINESS_NAMES
from .replay import due_after as due_after, replay as replay, yellow_from as yellow_from
from .supervision import COLOUR_NAMES as COLOUR_NAMES, Card as Card, Supervision as Supervision, supervise as supervise

__all__ = [
    "COLOUR_NAMES", "Card", "CaseBasis", "CaseError", "CaseEvent", "CasePolicy", "CaseStatus", "CaseStep",
    "DeferredMaterial", "FeeAllowance", "Lifecycle", "NOTICE_KINDS", "NoticeDef", "RESULT_NAMES", "StageCase", "Supervision", "TIMELINESS_NAMES",
    "calendar_revision", "capped", "check_lifecycle", "due_after", "load_lifecycle", "replay", "stage_cases", "supervise", "yellow_from",
]
