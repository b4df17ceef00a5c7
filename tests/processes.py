"""Python in a fresh interpreter, from the project root: for what only a new process shows
(settings read at import, an SDK set up once per process)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(*arguments, env, timeout=120):
    """``python *arguments`` with exactly ``env``; the result, whatever its exit code."""
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
