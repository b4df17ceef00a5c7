"""Tests of the event calendar. Its clock is pinned (conftest.py) to NOW."""

import datetime

UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 24, 12, tzinfo=UTC)  # 15:00 in Moscow
