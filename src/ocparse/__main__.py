"""``python -m ocparse``: the ``ocparse`` command."""

import sys

from ocparse.cli import main

sys.exit(main())
