import type { Rule } from "../types.js";

/** Reported by the linter itself, not by a check: a file that cannot be read or parsed. Exit 2. */
export const parseError: Rule = {
  id: "parse-error",
  title: "file cannot be read or parsed",
  category: "lint",
  severity: "error",
  kinds: ["workflow", "action", "config", "inventory", "ansible"],
  docs: {
    description:
      "The file could not be linted: it is not valid YAML, GitHub's own workflow parser rejects it (unknown keys, invalid expressions, contexts not allowed where they are used, YAML merge keys, which GitHub does not accept), it is not UTF-8, or it is larger than `lint.max_file_size`. The message is the parser's, at the position it names. GitHub would refuse such a workflow when it runs; `runwarden lint` exits 2 and cannot be silenced by a suppression or a threshold.",
    bad: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minute: 10
    steps:
      - run: make`,
    good: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - run: make`,
  },
  check() {
    return [];
  },
};
