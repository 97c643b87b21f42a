"""The Prefect global concurrency limit that serialises warehouse writers."""

from __future__ import annotations

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.exceptions import ObjectNotFound

from flows.tasks import WRITER_LIMIT


def ensure_writer_limit(name: str = WRITER_LIMIT) -> None:
    """Create the writer limit (1 slot) if the API does not have it yet."""
    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            try:
                client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=1))
            except Exception:  # created meanwhile by another process: fine if it exists now
                client.read_global_concurrency_limit_by_name(name)
