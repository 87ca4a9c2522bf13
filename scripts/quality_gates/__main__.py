"""`python -m quality_gates [SITE_DIR]` (scripts/quality-gates runs it with the venv's python)."""

import sys

from .runner import main

sys.exit(main(sys.argv))
