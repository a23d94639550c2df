"""The exit codes of ``toolstubs``: a public contract (users' scripts and CI read them)."""

EXIT_OK = 0
EXIT_DIFFERENT = 1  # check: the output differs; --strict and something was reported; a toolkit generated no tool
EXIT_SERVER = 1  # fetch / upgrade / diff: the server failed after retries
EXIT_BAD_INPUT = 2  # unusable inputs, refused paths, a missing extra, an internal error
EXIT_REMOTE_DRIFT = 3  # check --remote: the server changed a pinned version
EXIT_BREAKING = 4  # upgrade --fail-on-breaking: the moved pin has breaking changes
EXIT_DEPRECATED = 5  # check --fail-on-deprecated or --sunset-within DAYS: a pin is deprecated or sunsets
