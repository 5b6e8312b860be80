/** PLAY RECAP parsing: Ansible's own output (plain and coloured), several playbooks, no recap at all. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRecap, runsAnsible } from "../../src/pipeline/recap.js";

describe("parseRecap", () => {
  it("reads the recap ansible-playbook prints (a local play: one host fails, one is skipped past)", () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-recap-"));
    writeFileSync(join(dir, "hosts"), "[app]\nweb-01 ansible_connection=local\nweb-02 ansible_connection=local\n");
    writeFileSync(
      join(dir, "play.yml"),
      [
        "- hosts: app",
        "  gather_facts: false",
        "  tasks:",
        "    - { name: ok, debug: { msg: hello } }",
        "    - { name: changed, command: 'true' }",
        "    - { name: skipped on web-01, debug: { msg: x }, when: inventory_hostname == 'web-02' }",
        "    - { name: fail on web-02, fail: { msg: boom }, when: inventory_hostname == 'web-02' }",
        "",
      ].join("\n"),
    );
    let output = "";
    try {
      execFileSync("ansible-playbook", ["-i", join(dir, "hosts"), join(dir, "play.yml")], {
        env: { ...process.env, ANSIBLE_NOCOLOR: "1" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e: unknown) {
      output = String((e as { stdout?: string }).stdout);
    }
    expect(parseRecap(output)).toEqual([
      { host: "web-01", status: "ok", ok: 2, changed: 1, unreachable: 0, failed: 0, skipped: 2, rescued: 0, ignored: 0 },
      { host: "web-02", status: "failed", ok: 3, changed: 1, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 0 },
    ]);
  }, 120_000);

  it("ignores colour codes and adds up the recaps of several playbooks", () => {
    const recap = (failed: number, unreachable: number) =>
      [
        "PLAY RECAP *********************************************************************",
        `\u001b[0;31mdb-1\u001b[0m                       : \u001b[0;32mok=2   \u001b[0m changed=1    unreachable=${unreachable}    failed=${failed}    skipped=0    rescued=0    ignored=0   `,
        "",
      ].join("\n");
    expect(parseRecap(`${recap(0, 0)}next playbook\n${recap(1, 1)}`)).toEqual([
      { host: "db-1", status: "unreachable", ok: 4, changed: 2, unreachable: 1, failed: 1, skipped: 0, rescued: 0, ignored: 0 },
    ]);
  });

  it("finds nothing when the command ended before a recap", () => {
    expect(parseRecap("TASK [copy]\nweb-01 : ok=1\n")).toEqual([]);
  });
});

describe("runsAnsible", () => {
  it.each([
    ["ansible-playbook -i hosts site.yml", true],
    ["cd deploy && /usr/bin/ansible-playbook site.yml", true],
    ["./deploy.sh ansible-playbook-wrapper", false],
    ["make deploy", false],
  ])("%s → %s", (command, expected) => expect(runsAnsible(command)).toBe(expected));
});
