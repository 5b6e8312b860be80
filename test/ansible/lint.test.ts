/**
 * The Ansible content under ansible/ passes Debian's ansible-lint (offline: no Galaxy download) and
 * every playbook passes `ansible-playbook --syntax-check` against the example inventory.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";

const run = promisify(execFile);
const ANSIBLE = join(repoRoot, "ansible");
const PLAYBOOKS = readdirSync(join(ANSIBLE, "playbooks")).filter((name) => name.endsWith(".yml"));
const env = { ...process.env, ANSIBLE_CONFIG: join(ANSIBLE, "ansible.cfg"), ANSIBLE_ROLES_PATH: join(ANSIBLE, "roles"), ANSIBLE_NOCOLOR: "1" };
/** Seconds on an idle machine; minutes on a loaded one. */
const SLOW = 600_000;

describe("ansible/ content", () => {
  it("has the four lifecycle playbooks", () => {
    expect(PLAYBOOKS.sort()).toEqual(["deregister.yml", "provision.yml", "upgrade.yml", "verify.yml"]);
  });

  it.skipIf(!existsSync("/usr/bin/ansible-playbook"))(
    "every playbook passes ansible-playbook --syntax-check",
    async () => {
      for (const playbook of PLAYBOOKS) {
        const { stdout } = await run("ansible-playbook", ["--syntax-check", "-i", join(ANSIBLE, "inventories", "example"), join("playbooks", playbook)], {
          cwd: ANSIBLE,
          env,
        });
        expect(stdout).toContain(`playbook: playbooks/${playbook}`);
      }
    },
    SLOW,
  );

  it.skipIf(!existsSync("/usr/bin/ansible-lint"))(
    "passes ansible-lint --offline (scripts/install-system-deps.sh installs Debian's ansible-lint)",
    async () => {
      const result = await run("ansible-lint", ["--offline", "--nocolor"], { cwd: ANSIBLE, env }).then(
        (ok) => ({ code: 0, output: ok.stdout + ok.stderr }),
        (e: unknown) => ({ code: 1, output: String((e as { stdout?: string }).stdout ?? "") + String((e as { stderr?: string }).stderr ?? "") }),
      );
      expect(result.output, result.output).toMatch(/Passed with production profile: 0 failure\(s\), 0 warning\(s\)/);
      expect(result.code).toBe(0);
    },
    SLOW,
  );
});
