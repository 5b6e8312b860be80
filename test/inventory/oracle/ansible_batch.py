"""Runs many `ansible-inventory` / `ansible` command lines in one Python process.

The oracle tests ask Ansible hundreds of questions (--host, --graph, --list-hosts for each case).
Starting ansible-inventory costs about half a second each time, so this driver runs the very same
CLI classes the executables run (ansible.cli.inventory.InventoryCLI, ansible.cli.adhoc.AdHocCLI),
one command line after another, capturing what each prints and its exit code. The tests also run
the real executables for every case's --list and check the driver agrees with them.

stdin: JSON list of {"id": str, "cmd": "ansible-inventory" | "ansible", "args": [str, ...]}
stdout: JSON list of {"id": str, "rc": int, "stdout": str, "stderr": str}
"""
import contextlib
import io
import json
import sys

from ansible.cli.arguments.option_helpers import *  # noqa: F401,F403  (loads the CLI machinery first)
from ansible.cli.adhoc import AdHocCLI
from ansible.cli.inventory import InventoryCLI
from ansible.errors import AnsibleError
from ansible.plugins.vars import host_group_vars
from ansible.utils.context_objects import GlobalCLIArgs


def run(job):
    cls = InventoryCLI if job["cmd"] == "ansible-inventory" else AdHocCLI
    out, err = io.StringIO(), io.StringIO()
    # host_group_vars caches which files it found per (name, dir): start every command fresh.
    host_group_vars.FOUND.clear()
    # The parsed command line is a process-wide singleton: forget the previous one.
    GlobalCLIArgs._Singleton__instance = None
    rc = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result = cls([job["cmd"]] + job["args"]).run()
            rc = result if isinstance(result, int) else 0
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else 1
        except AnsibleError as e:
            err.write("ERROR! %s\n" % e)
            rc = 1
        except Exception as e:  # what cli_executor reports as "Unexpected Exception"
            err.write("ERROR! Unexpected Exception, this is probably a bug: %s\n" % e)
            rc = 250
    return {"id": job["id"], "rc": rc, "stdout": as_written(out.getvalue()), "stderr": as_written(err.getvalue())}


def as_written(text):
    """The text as the executable writes it to a pipe: characters UTF-8 cannot encode (the lone
    surrogates of bytes that were not UTF-8) become '?'."""
    return text.encode("utf-8", "replace").decode("utf-8")


def main():
    jobs = json.load(sys.stdin)
    results = [run(job) for job in jobs]
    sys.stdout.write(json.dumps(results))


if __name__ == "__main__":
    main()
