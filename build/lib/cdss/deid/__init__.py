"""De-identification: Presidio with clinical recognizers and consistent pseudonyms."""

from cdss.deid.engine import Deidentifier
from cdss.deid.types import DeidResult, Entity

__all__ = ["DeidResult", "Deidentifier", "Entity"]
