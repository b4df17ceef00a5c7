#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    from dotenv import load_dotenv

    load_dotenv(Path(__file__).resolve().parent / ".env", override=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
