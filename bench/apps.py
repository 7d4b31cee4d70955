from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmarks' own app: generate_bench_data and the floor view. Installed by the local,
    test and bench settings only; production has no use for it."""

    name = "bench"
