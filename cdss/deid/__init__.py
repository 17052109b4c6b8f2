"""De-identification: Presidio with clinical recognizers and consistent pseudonyms."""

from cdss.deid.engine import Deidentifier, DeidResult, Entity

__all__ = ["DeidResult", "Deidentifier", "Entity"]
