"""Everything but the C part is declared in pyproject.toml."""

from setuptools import Extension, setup

setup(
    # The learned layer's n-gram lookup in C. Optional: without a compiler the build goes on and
    # sim/core/ngrams.py does the same work in Python, about twenty times slower.
    # The rules' literal scan and branch dispatch likewise (sim/core/rules.py does it in Python).
    ext_modules=[Extension("sim.core._ngrams", ["sim/core/_ngrams.c"], optional=True),
                 Extension("sim.core._scan", ["sim/core/_scan.c"], optional=True)],
)
