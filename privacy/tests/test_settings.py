"""The two periods of personal information come from the environment and refuse nonsense."""

import os
import subprocess
import sys

import pytest

READ = "import qianniu.settings as s; print(s.PI_REQUEST_DAYS, s.CASE_RETENTION_DAYS)"


def settings_with(**env):
    return subprocess.run(
        [sys.executable, "-c", READ], env={**os.environ, **env}, capture_output=True, text=True, check=False
    )


def test_the_periods_are_read_from_the_environment():
    result = settings_with(QIANNIU_PI_REQUEST_DAYS="20", QIANNIU_CASE_RETENTION_DAYS="1825")
    assert result.stdout.split() == ["20", "1825"]


@pytest.mark.parametrize("name", ["QIANNIU_PI_REQUEST_DAYS", "QIANNIU_CASE_RETENTION_DAYS"])
@pytest.mark.parametrize("value", ["0", "-3", "three"])
def test_a_period_that_makes_no_sense_stops_the_start(name, value):
    result = settings_with(**{name: value})
    assert result.returncode != 0 and f"ImproperSetting: {name}=" in result.stderr
