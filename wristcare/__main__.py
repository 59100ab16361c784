"""``python -m wristcare`` and the ``wristcare`` command."""

import sys


def main() -> None:
    from wristcare.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
