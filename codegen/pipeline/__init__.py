"""The flows a command runs, from sources through build to write.

:mod:`~codegen.pipeline.config` resolves what a run is about (flags, ``[tool.toolstubs]``,
defaults); :mod:`~codegen.pipeline.generate` reads the pinned tools, builds them and returns
the files; :mod:`~codegen.pipeline.pinning` fetches and moves pins; :mod:`~codegen.pipeline.check`
compares the output with what the lock would give; :mod:`~codegen.pipeline.uptodate` answers
"nothing changed" without building.
"""
