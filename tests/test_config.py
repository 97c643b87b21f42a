"""Source configuration: defaults, precedence and one-line errors naming source and field."""

from __future__ import annotations

import re

import pytest

from grassroots.config import ConfigError, load_config, resolve_settings


def _write(tmp_path, text):
    p = tmp_path / "sources.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_shipped_config_loads_and_resolves_paths_next_to_it():
    cfg = load_config()
    sample = cfg.get("sample")
    assert sample.kind == "files" and sample.enabled
    assert sample.file_paths()[0].endswith("seeds/corpus")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[sources]]\nkind = "files"\npaths = ["x"]', "field 'name'"),
        ('[[sources]]\nname = "a"\nkind = "ftp"', "source 'a': field 'kind'"),
        ('[[sources]]\nname = "a"\nkind = "files"', "source 'a': field 'paths'"),
        ('[[sources]]\nname = "a"\nkind = "files"\npaths = ["x"]\nenabled = "yes"', "source 'a': field 'enabled'"),
        ('[[sources]]\nname = "a"\nkind = "files"\npaths = ["x"]\nschedule = "daily"', "source 'a': field 'schedule'"),
        ('[[sources]]\nname = "a"\nkind = "files"\npaths = ["x"]\nschedule = "0 0 6 * * *"', "five-field cron"),
        # five fields that are no schedule: `run` took them and only `serve` refused them
        ('[[sources]]\nname = "a"\nkind = "files"\npaths = ["x"]\nschedule = "61 * * * *"', "'61 * * * *' is not a valid cron expression (bad minute)"),
        ('[[sources]]\nname = "a"\nkind = "files"\npaths = ["x"]\nschedule = "0 6 31 2 *"', "source 'a': field 'schedule'"),
        ('[[sources]]\nname = "a"\nkind = "files"\npaths = ["x"]\ncatchup = "some"', "source 'a': field 'catchup'"),
        ('[[sources]]\nname = "a"\nkind = "files"\npaths = ["x"]\ntimezone = "Mars/Base"', "source 'a': field 'timezone'"),
        ('[[sources]]\nname = "a"\nkind = "files"\npaths = ["x"]\n[[sources]]\nname = "a"\nkind = "files"\npaths = ["y"]',
         "source 'a': field 'name': defined twice"),
        ("[[sources]\nname=", "invalid TOML"),
        ('[settings]\nbatch_size = 0', "setting 'batch_size'"),
        ('[settings]\ncompact_after = -1', "setting 'compact_after': must be 0 (never) or more"),
        ('[settings]\ncolour = "red"', "unknown setting 'colour'"),
        # a float is not cut down, a boolean is not 1, infinity is not a traceback
        ('[settings]\nworkers = 2.7', "setting 'workers': must be a whole number, not 2.7"),
        ('[settings]\nworkers = true', "setting 'workers': must be a whole number, not True"),
        ('[settings]\nmax_bytes = 1e999', "setting 'max_bytes': must be a whole number, not inf"),
        ('[settings]\nlock_timeout = nan', "setting 'lock_timeout': must be a number of seconds, 0 or more"),
        ('[settings]\ndb = 5', "setting 'db': must be a path (a string), not 5"),
    ],
)
def test_bad_config_is_one_line_naming_source_and_field(tmp_path, text, message):
    with pytest.raises(ConfigError) as ei:
        resolve_settings(load_config(_write(tmp_path, text)))
    assert message in str(ei.value)
    assert "\n" not in str(ei.value)


def test_precedence_defaults_file_env_flags(tmp_path, monkeypatch):
    cfg = load_config(_write(tmp_path, '[settings]\nbatch_size = 50\nworkers = 2\n'))
    assert resolve_settings(cfg).batch_size == 50
    monkeypatch.setenv("GRASSROOTS_BATCH_SIZE", "70")
    s = resolve_settings(cfg)
    assert (s.batch_size, s.workers) == (70, 2)
    assert resolve_settings(cfg, batch_size=90).batch_size == 90
    monkeypatch.setenv("GRASSROOTS_DB", str(tmp_path / "env.duckdb"))
    assert resolve_settings(cfg).db == tmp_path / "env.duckdb"
    assert resolve_settings(cfg).compact_after == 64
    monkeypatch.setenv("GRASSROOTS_COMPACT_AFTER", "0")
    assert resolve_settings(cfg).compact_after == 0


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_dedup_table_configures_near_duplicates(tmp_path):
    cfg = load_config(_write(tmp_path, '[dedup]\nngram = 4\nthreshold_jaccard = 0.6\n'))
    dc = resolve_settings(cfg).dedup_config()
    assert (dc.ngram, dc.threshold_jaccard, dc.num_perm) == (4, 0.6, 128)
    with pytest.raises(ConfigError, match=r"\[dedup\] unknown field 'shingle'"):
        load_config(_write(tmp_path, "[dedup]\nshingle = 3\n"))
    with pytest.raises(ConfigError, match=r"field 'ngram': must be a number"):
        load_config(_write(tmp_path, '[dedup]\nngram = "three"\n'))
    # values the detector cannot run with are refused when the file is read, not in a batch
    for text, words in (("ngram = 0", "field 'ngram': must be at least 1"),
                        ("ngram = 2.5", "field 'ngram': must be a whole number, not 2.5"),
                        ("threshold_jaccard = 2", "field 'threshold_jaccard': must be from 0 to 1"),
                        ("num_perm = 7", "bands x rows (42 x 3) must not exceed num_perm (7)"),
                        ("num_perm = 1e999", "field 'num_perm': must be a whole number, not inf"),
                        ("grey_low = nan", "field 'grey_low': must be a number, not nan")):
        with pytest.raises(ConfigError, match=re.escape(words)):
            load_config(_write(tmp_path, f"[dedup]\n{text}\n"))


def test_every_unknown_field_is_reported_at_once(tmp_path):
    text = ('[[sources]]\nname = "a"\nkind = "files"\npaths = ["x"]\npathz = ["y"]\nexclud = ["z"]\n'
            '[[sources]]\nname = "b"\nkind = "feed"\nurl = "https://example.org/f"\nfeed_url = "x"\n')
    with pytest.raises(ConfigError) as ei:
        load_config(_write(tmp_path, text))
    msg = str(ei.value)
    assert "\n" not in msg
    assert "source 'a': fields 'exclud', 'pathz': unknown" in msg and "source 'b': field 'feed_url'" in msg
    with pytest.raises(ConfigError, match=r"unknown settings 'colour', 'wokers'"):
        resolve_settings(load_config(_write(tmp_path, '[settings]\ncolour = "red"\nwokers = 2\n')))
    with pytest.raises(ConfigError, match=r"\[dedup\] unknown fields 'shingle', 'ngrm'"):
        load_config(_write(tmp_path, "[dedup]\nshingle = 3\nngrm = 4\n"))


def test_a_configured_path_that_does_not_exist_is_exit_2_naming_source_and_path(tmp_path):
    from typer.testing import CliRunner

    from grassroots.app.cli import app

    (tmp_path / "here").mkdir()
    cfg = _write(tmp_path, '[[sources]]\nname = "local"\nkind = "files"\npaths = ["here", "gone/news"]\n')
    r = CliRunner().invoke(app, ["run", "--config", str(cfg), "--db", str(tmp_path / "g.duckdb")])
    assert r.exit_code == 2, r.output
    line, = r.output.strip().splitlines()
    assert line == f"error: source 'local': configured path does not exist: {tmp_path / 'gone' / 'news'}"
    assert not (tmp_path / "g.duckdb").exists()
