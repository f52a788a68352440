"""Prometheus metrics of the API, with the database's and the broker's state read at scrape."""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from infra.db.base import get_sessionmaker
from infra.metrics import REGISTRY, DatabaseCollector, LagCollector
from infra.settings import get_settings

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@lru_cache(maxsize=1)
def _state_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(get_sessionmaker()))
    registry.register(LagCollector(get_settings()))
    return registry


@router.get("/metrics", include_in_schema=False)
def metrics() -> Response:
    """Prometheus text format: this API's counters, then the system's state (no login)."""
    body = generate_latest(REGISTRY) + generate_latest(_state_registry())
    return Response(body, media_type=CONTENT_TYPE_LATEST)
