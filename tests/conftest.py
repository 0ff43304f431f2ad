import os

import pytest
from hypothesis import HealthCheck, Phase, settings

from support import SAMPLE

settings.register_profile("dev", max_examples=100)
# make test and CI: the same examples on every run (derandomize), no example database,
# and no shrinking, so a failure is reported at once as found rather than after minutes.
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("nightly", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "dev")


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")
