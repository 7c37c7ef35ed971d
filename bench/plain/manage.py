#!/usr/bin/env python
"""manage.py of the plain project (bench/throughput.py needs only its WSGI app)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plainsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
