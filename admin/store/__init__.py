"""The console's working copy of the catalog: ORM records, audit log, schema migrations."""
from .audit import AuditEntry as AuditEntry
from .db import db as db
from .migrate import upgrade as upgrade
from .records import RECORD_CLASSES as RECORD_CLASSES, CatalogRecord as CatalogRecord, SourceFile as SourceFile

__all__ = ["AuditEntry", "CatalogRecord", "RECORD_CLASSES", "SourceFile", "db", "upgrade"]
