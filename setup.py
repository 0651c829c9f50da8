"""Packaging beyond what pyproject.toml can say: the sample corpus in the wheel.

The top-level `corpus/` folder ships as the package data of `reader.sample` (a mapping, not
a copy), so a normal install (pip, pipx) has the sample articles next to the code and
`reader.config.sample_corpus_dir()` finds them there; a source checkout finds `corpus/`.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["reader", "reader.*"]), "reader.sample"],
    package_dir={"reader.sample": "corpus"},
    package_data={
        "reader": ["**/*.txt", "**/*.json", "**/*.tcss", "**/*.sql"],
        "reader.sample": ["*.md", "*.txt", "*.html"],
    },
)
