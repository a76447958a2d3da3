"""Execution engines: how corpus-wide work (all-pairs candidate search) is spread over cores."""
from .local import LocalExecutor

__all__ = ["LocalExecutor"]
