"""The settings table: one default per setting, the doc generated from it, values checked at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import BuildOptions
from generator.errors import VersusError
from generator.settings import SETTINGS, documented, project_setting, project_settings
from tests.support import REPOSITORY


def test_configuration_doc_shows_the_settings_table_as_it_is():
    doc = (REPOSITORY / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert documented(doc) == doc, "docs/configuration.md is stale: run python3 -m generator.settings"


def test_every_setting_is_documented_with_its_default():
    doc = (REPOSITORY / "docs" / "configuration.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in doc


def test_build_defaults_come_from_the_table(tmp_path: Path):
    options = BuildOptions(out_dir=tmp_path)
    assert options.concurrency == project_setting("concurrency", tmp_path) == 8
    assert options.repair_attempts == project_setting("repair_attempts", tmp_path) == 2


def test_a_project_file_overrides_the_table(tmp_path: Path):
    (tmp_path / "versus.toml").write_text("repair_attempts = 5\nconcurrency = 3\n", encoding="utf-8")
    assert project_setting("repair_attempts", tmp_path) == 5
    assert project_setting("concurrency", tmp_path) == 3
    assert project_setting("site_url", tmp_path) == "https://example.com"


@pytest.mark.parametrize(
    "line, named",
    [
        ("repair_attempts = -1", "repair_attempts"),
        ("concurrency = 0", "concurrency"),
        ('timeout = "fast"', "timeout"),
        ("colour = 1", "colour"),
    ],
)
def test_a_bad_setting_is_an_error_naming_the_file_and_the_key(tmp_path: Path, line: str, named: str):
    (tmp_path / "versus.toml").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(VersusError) as error:
        project_settings(tmp_path)
    assert "versus.toml" in str(error.value) and named in str(error.value)


def test_a_whole_number_is_accepted_where_seconds_may_be_fractional(tmp_path: Path):
    (tmp_path / "versus.toml").write_text("timeout = 30\n", encoding="utf-8")
    assert project_setting("timeout", tmp_path) == 30
