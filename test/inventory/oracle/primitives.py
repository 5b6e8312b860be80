"""Ansible's own parsing primitives, for the unit-level oracle tests.

stdin: JSON {"kind": "ini-value" | "shlex" | "data" | "fnmatch", "inputs": [...]}
stdout: JSON list, one result per input: {"ok": <json text>} or {"error": <exception class name>}

- ini-value: ansible.plugins.inventory.ini.InventoryModule._parse_value (ast.literal_eval)
- shlex:     ansible.utils.shlex.shlex_split(text, comments=True)
- data:      ansible.parsing.utils.yaml.from_yaml (JSON first, then YAML 1.1 via libyaml)
- float:     json.dumps(float) (Python's repr of floats)
- fnmatch:   [pattern, name] -> fnmatch.fnmatchcase (what host patterns use)
"""
import fnmatch
import json
import sys

from ansible.module_utils.common.json import AnsibleJSONEncoder
from ansible.parsing.utils.yaml import from_yaml
from ansible.plugins.inventory.ini import InventoryModule
from ansible.utils.display import Display
from ansible.utils.shlex import shlex_split

Display().warning = lambda *args, **kwargs: None  # duplicate-key warnings are not results


def dump(value):
    try:
        return json.dumps(value, cls=AnsibleJSONEncoder, sort_keys=True, indent=4, preprocess_unsafe=True, ensure_ascii=False)
    except TypeError:
        return json.dumps(value, cls=AnsibleJSONEncoder, sort_keys=False, indent=4, preprocess_unsafe=True, ensure_ascii=False)


def one(kind, item):
    if kind == "ini-value":
        return dump(InventoryModule._parse_value(item))
    if kind == "shlex":
        return json.dumps(shlex_split(item, comments=True))
    if kind == "data":
        return dump(from_yaml(item, file_name="<test>"))
    if kind == "float":
        return json.dumps(float(item))
    if kind == "fnmatch":
        return json.dumps(fnmatch.fnmatchcase(item[1], item[0]))
    raise ValueError(kind)


def main():
    request = json.load(sys.stdin)
    results = []
    for item in request["inputs"]:
        try:
            results.append({"ok": one(request["kind"], item)})
        except Exception as e:  # noqa: BLE001 - the class name is the result
            results.append({"error": type(e).__name__})
    sys.stdout.write(json.dumps(results))


if __name__ == "__main__":
    main()
