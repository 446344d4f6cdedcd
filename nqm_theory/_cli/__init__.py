"""CLI subcommands, one module each (discovered by :func:`nqm_theory.cli.build_parser`)."""
