"""Warehouse errors, phrased for the user (one line each)."""

from __future__ import annotations


class WarehouseError(RuntimeError):
    """A warehouse problem phrased for the user (one line)."""


class WarehouseBusy(WarehouseError):
    pass


class MigrationError(WarehouseError):
    pass
