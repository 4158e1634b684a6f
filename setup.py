"""Maps the top-level folders onto the import packages ``onewindow.runtime`` and ``onewindow.admin``.

The repository layout is fixed (``runtime/``, ``admin/``, ``schemas/`` at the top), so setuptools'
``package-dir`` mapping does the renaming; the package list is derived from the folders so that a new
sub-package never needs a second edit here.
"""
from setuptools import find_packages, setup

MAPPED = {"onewindow.runtime": "runtime", "onewindow.admin": "admin"}

packages = ["onewindow.schemas"]
package_dir = {"onewindow.schemas": "schemas"}
for name, folder in MAPPED.items():
    package_dir[name] = folder
    packages.append(name)
    for sub in find_packages(folder):
        packages.append(f"{name}.{sub}")

setup(
    packages=packages,
    package_dir=package_dir,
    # data folders are not packages: templates, static files and translations are globbed recursively so a
    # new file in them reaches the wheel without an edit here (CI installs the wheel and renders with it)
    package_data={"onewindow.schemas": ["*.json"],
                  "": ["*.yaml", "*.mako", "templates/**/*", "static/**/*", "translations/**/*"]},
)
