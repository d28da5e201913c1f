"""The committed graph is what tools/build_graph.py generates from the seed text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = Path("/work/shared/seed/000_f231d5761afd8f34.txt")


@pytest.mark.skipif(not SEED.exists(), reason="the seed text is not on this machine")
def test_data_file_is_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_graph.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
