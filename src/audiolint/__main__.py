"""Allow ``python -m audiolint``."""

from audiolint.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
