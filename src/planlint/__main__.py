"""python -m planlint: the same command as `planlint`."""

from planlint.entry import main

main()
