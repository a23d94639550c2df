"""From a pinned tool object to formatted Python: the second stage of the data flow.

:mod:`~codegen.build.normalize` reads the schema into one canonical form;
:mod:`~codegen.build.ir` is the seam between it and the code: the tool as names, fields and
types; :mod:`~codegen.build.models` (through datamodel-code-generator),
:mod:`~codegen.build.twins` and :mod:`~codegen.build.emit` write the modules, with names from
:mod:`~codegen.build.naming`; :mod:`~codegen.build.formatting` formats and gates them;
:mod:`~codegen.build.cache` and :mod:`~codegen.build.warm` make reruns fast.
"""
