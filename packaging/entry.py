"""Entry point of the bundled application: the `annotator` command (window, CLI, --selftest)."""

import multiprocessing

from annotator.cli_entry import main  # annotator.cli.main; a Ctrl+C while it imports: one line

if __name__ == "__main__":
    # `preannotate --processes N` starts worker processes: in a frozen app each one re-runs this
    # executable, and freeze_support() turns that run into the worker instead of a second CLI.
    multiprocessing.freeze_support()
    main()
