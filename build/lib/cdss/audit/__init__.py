"""Batch note auditing: de-identification and dose rules over thousands of notes."""

from cdss.audit.core import NoteResult, audit_note
from cdss.audit.runner import AuditOptions, AuditRun, exit_code

__all__ = ["AuditOptions", "AuditRun", "NoteResult", "audit_note", "exit_code"]
