"""The product's settings with bench/compare_urls.py as the URLconf (bench_lists.py only)."""

from pitchey.settings import *  # noqa: F403

ROOT_URLCONF = "bench.compare_urls"
