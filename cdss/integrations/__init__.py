"""Adapters for frameworks teams build on; each imports its framework only when used."""
