"""Issue 20: extraction uses every usable core unless told otherwise."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from grassroots.config import MAX_DEFAULT_WORKERS, Settings, _cgroup_quota, resolve_settings, usable_cores


def test_default_is_the_usable_cores():
    assert Settings().workers == usable_cores()
    assert 1 <= usable_cores() <= MAX_DEFAULT_WORKERS
    if _cgroup_quota() is None:  # no CPU quota here: the affinity mask decides
        assert usable_cores() == min(len(os.sched_getaffinity(0)), MAX_DEFAULT_WORKERS)


@pytest.mark.skipif(shutil.which("taskset") is None or len(os.sched_getaffinity(0)) < 2, reason="needs taskset and 2 cores")
def test_a_process_pinned_to_one_core_defaults_to_one_worker():
    # what a container's cpuset or `taskset` does: os.cpu_count() still says 2, the default must not
    code = "from grassroots.config import Settings; import os; print(Settings().workers, os.cpu_count())"
    out = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code], capture_output=True, text=True, check=True)
    workers, cpus = map(int, out.stdout.split())
    assert workers == 1 and cpus >= 2


def test_cgroup_v2_quota_limits_the_default(tmp_path):
    (tmp_path / "cpu.max").write_text("150000 100000\n")  # docker run --cpus 1.5
    assert _cgroup_quota(tmp_path) == 1.5
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert _cgroup_quota(tmp_path) is None


def test_cgroup_v1_quota(tmp_path):
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("100000\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert _cgroup_quota(tmp_path) == 1.0
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")
    assert _cgroup_quota(tmp_path) is None


def test_explicit_workers_win(monkeypatch):
    monkeypatch.setenv("GRASSROOTS_WORKERS", "1")
    assert resolve_settings(None).workers == 1
    assert resolve_settings(None, workers=3).workers == 3
