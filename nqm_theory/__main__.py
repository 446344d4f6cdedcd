"""``python -m nqm_theory`` runs the CLI."""
import sys

from .cli import main

sys.exit(main())
