"""The optional C event builder, ``planlint._cbuilder`` (csrc/): everything else is in pyproject.toml.

It is built when a C compiler is at hand and left out when it is not
(``optional=True``): planlint then reads YAML with its Python event builder,
with the same results, about twice as slowly. It is compiled with the libyaml
that ruamel.yaml.clib bundles (0.1.7, vendored in csrc/libyaml/), so that both
builders see the same events, marks and errors.
"""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

LIBYAML = ["api.c", "reader.c", "scanner.c", "parser.c"]


class BuildExt(build_ext):
    """Keeps the bundled libyaml's symbols private to the extension (ruamel.yaml.clib
    has its own copy in the same process)."""

    def build_extensions(self):
        if self.compiler.compiler_type == "unix":
            for extension in self.extensions:
                extension.extra_compile_args = [*extension.extra_compile_args, "-fvisibility=hidden"]
        super().build_extensions()


setup(
    ext_modules=[
        Extension(
            "planlint._cbuilder",
            sources=["csrc/cbuilder.c", *(f"csrc/libyaml/{name}" for name in LIBYAML)],
            include_dirs=["csrc/libyaml"],
            depends=["csrc/libyaml/yaml.h", "csrc/libyaml/yaml_private.h", "csrc/libyaml/config.h"],
            optional=True,
        )
    ],
    cmdclass={"build_ext": BuildExt},
)
