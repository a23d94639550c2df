"""Putting generated files on disk, and only where toolstubs may: the last stage of the data flow.

:mod:`~codegen.write.ownership` decides what toolstubs may delete or overwrite (what it can
prove it wrote); :mod:`~codegen.write.transaction` swaps a folder in whole, journalled;
:mod:`~codegen.write.writer` drives both; :mod:`~codegen.write.walk` lists a tree without
following links.
"""
