"""The command line: ``toolstubs`` parses its arguments here and runs a flow of :mod:`codegen.pipeline`.

``main`` (the console script) and the one-line errors and exit codes live in
:mod:`codegen.cli.main`; each command's steps in :mod:`codegen.cli.commands`; ``toolstubs
sandbox`` in :mod:`codegen.cli.serve`.
"""
