"""Retrieval: query building, hybrid search inside the store, de-duplication."""

from cdss.retrieve.search import Passage, Retriever

__all__ = ["Passage", "Retriever"]
