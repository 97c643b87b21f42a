"""docker-compose.yml, Dockerfile and prefect.yaml, read and checked against the code.

No Docker engine exists here, so the compose file is tested by reading it; the same
topology runs without containers in tests/test_topology.py.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from grassroots.config import load_config

REPO = Path(__file__).resolve().parents[1]


def _compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def _prefect_yaml() -> dict:
    return yaml.safe_load((REPO / "prefect.yaml").read_text())


def test_compose_services_and_wiring():
    c = _compose()
    svc = c["services"]
    assert set(svc) == {"postgres", "prefect-server", "worker"}
    pg = svc["postgres"]
    assert pg["image"].startswith("postgres:")
    user, pw, dbname = (pg["environment"][k] for k in ("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"))
    assert "pg_isready" in " ".join(pg["healthcheck"]["test"])

    server = svc["prefect-server"]
    assert server["command"].startswith("prefect server start") and "--host 0.0.0.0" in server["command"]
    url = server["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    assert url == f"postgresql+asyncpg://{user}:{pw}@postgres:5432/{dbname}"
    assert server["environment"]["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert "4200:4200" in server["ports"]
    assert server["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert server["build"] == "." and server["image"] == svc["worker"]["image"]

    worker = svc["worker"]
    env = worker["environment"]
    assert env["PREFECT_API_URL"] == "http://prefect-server:4200/api"
    pool = _prefect_yaml()["deployments"][0]["work_pool"]["name"]
    cmd = " ".join(worker["command"].split())
    assert f"prefect work-pool create {pool} --type process" in cmd
    assert "prefect --no-prompt deploy --all" in cmd
    assert f"prefect worker start --pool {pool}" in cmd
    assert worker["depends_on"]["prefect-server"]["condition"] == "service_healthy"
    # the warehouse lives on a named volume mounted where GRASSROOTS_DB points
    mounts = dict(v.split(":", 1) for v in worker["volumes"])
    assert mounts["warehouse"] == str(Path(env["GRASSROOTS_DB"]).parent)
    assert set(c["volumes"]) == {"postgres_data", "warehouse"}
    assert worker["working_dir"] == "/app" and env["GRASSROOTS_CONFIG"].startswith("/app/")


def test_dockerfile_ships_what_the_worker_needs():
    text = (REPO / "Dockerfile").read_text()
    assert text.startswith("#") and "FROM python:3.11" in text
    for part in ("pyproject.toml uv.lock", "src", "flows", "sql", "seeds", "prefect.yaml"):
        assert part in text
    assert "uv sync --frozen --no-dev" in text


def test_prefect_yaml_matches_the_served_deployments():
    """Every deployment `grassroots serve` builds is declared for workers, with the same schedule."""
    from flows.deployments import build_deployments

    cfg = load_config(REPO / "seeds" / "sources.toml")
    served = {(d.flow_name, d.name): d for d in build_deployments(cfg, REPO / "data" / "x.duckdb")}
    declared = {}
    for d in _prefect_yaml()["deployments"]:
        path, fn = d["entrypoint"].split(":")
        module = __import__(path.removesuffix(".py").replace("/", "."), fromlist=[fn])
        declared[(getattr(module, fn).name, d["name"])] = d
    assert set(declared) == set(served)
    for key, d in declared.items():
        dep = served[key]
        want = [(s.schedule.cron, s.schedule.timezone) for s in (dep.schedules or [])]
        got = [(s["cron"], s.get("timezone")) for s in d.get("schedules", [])]
        assert got == want, key
        if key[0] == "scheduled-ingest":
            assert d["parameters"]["source"] == dep.parameters["source"]
            assert d["concurrency_limit"] == 1
