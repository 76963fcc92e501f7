"""The norm registry: every norm, phrase and view of the documents, stated once as data."""

from kasgen.registry.conditions import Condition, Facts
from kasgen.registry.loader import Registry, load_registry

__all__ = ["Condition", "Facts", "Registry", "load_registry"]
