/**
 * The hostile-input corpus (test/fixtures/hostile/README.md) against every entry point that reads
 * user input, through the built executable: each case must end by itself in exit 0, 1 or 2 with a
 * message — never 3, a crash, a V8 fatal error or a kill by the safety timer.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";
import { buildOwnCli, expectHandled, KILL_AFTER_MS, runCli } from "./harness.js";

const FIXTURES = join(repoRoot, "test", "fixtures", "hostile");
const CASE_TIMEOUT = KILL_AFTER_MS + 30_000;

let bin = "";
let removeCli = (): void => undefined;
let scratch = "";
const writers: ChildProcess[] = [];

beforeAll(async () => {
  const built = await buildOwnCli("hostile");
  bin = built.bin;
  removeCli = built.remove;
  scratch = mkdtempSync(join(tmpdir(), "rw-hostile-"));
}, 120_000);

afterAll(() => {
  for (const writer of writers) writer.kill("SIGKILL");
  removeCli();
  if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
});

/** A path in the scratch folder (its parent folders created). */
function scratchPath(...parts: string[]): string {
  const path = join(scratch, ...parts);
  mkdirSync(join(path, ".."), { recursive: true });
  return path;
}

function fifo(name: string, withWriter: boolean): string {
  const path = scratchPath(name);
  execFileSync("mkfifo", [path]);
  if (withWriter) writers.push(spawn("sh", ["-c", `exec cat /dev/zero > '${path}'`], { stdio: "ignore" }));
  return path;
}

function symlinkLoop(name: string): string {
  const a = scratchPath(name);
  const b = `${a}.other`;
  symlinkSync(b, a);
  symlinkSync(a, b);
  return a;
}

function file(name: string, content: string | Buffer): string {
  const path = scratchPath(name);
  writeFileSync(path, content);
  return path;
}

/** Input files that are not regular files, or never end: made fresh for each entry point. */
function specialFiles(prefix: string): [string, () => string][] {
  return [
    ["/dev/zero", () => "/dev/zero"],
    ["a FIFO with no writer", () => fifo(`${prefix}-fifo-idle`, false)],
    ["a FIFO with a writer that never stops", () => fifo(`${prefix}-fifo-busy`, true)],
    ["a symbolic-link loop", () => symlinkLoop(`${prefix}-loop`)],
    ["a folder", () => scratchPath(`${prefix}-folder`, "x").replace(/\/x$/, "")],
    ["a path that does not exist", () => scratchPath(`${prefix}-missing`)],
  ];
}

describe("config validate", () => {
  const validate = (config: string, env: Record<string, string> = {}) => runCli(bin, ["config", "validate", "--config", config], { env });

  for (const [label, make] of specialFiles("config")) {
    it(
      `${label}: exit 2 with a message`,
      async () => {
        const outcome = await validate(make());
        expectHandled(outcome, [2]);
      },
      CASE_TIMEOUT,
    );
  }

  it(
    "an empty --config path says so",
    async () => {
      const outcome = await validate("");
      expectHandled(outcome, [2]);
      expect(outcome.stderr).toContain("the path is empty");
    },
    CASE_TIMEOUT,
  );

  it.each([
    ["billion-laughs.yml", [2]],
    ["utf16.yml", [2]],
    ["non-utf8.yml", [2]],
    ["bom.yml", [0]],
    ["duplicate-key.yml", [2]],
    ["env-constructor.yml", [2]],
    ["env-prototype.yml", [2]],
  ] as const)(
    "%s",
    async (name, allowed) => {
      expectHandled(await validate(join(FIXTURES, "config", name)), allowed);
    },
    CASE_TIMEOUT,
  );

  it.each(["env-__proto__.yml", "env-__proto__-valid.yml"])(
    "an environment named __proto__ is refused, never dropped (%s)",
    async (name) => {
      const outcome = await validate(join(FIXTURES, "config", name));
      expectHandled(outcome, [2]);
      expect(outcome.stderr).toContain("'__proto__' cannot be used");
    },
    CASE_TIMEOUT,
  );

  it(
    "32,000 unknown keys: exit 2, the first 100 listed",
    async () => {
      const keys = Array.from({ length: 32_000 }, (_, i) => `unknown_${i}: 1\n`).join("");
      const outcome = await validate(file("many-keys/runwarden.yml", `inventory: hosts.ini\n${keys}`));
      expectHandled(outcome, [2]);
      expect(outcome.stderr).toMatch(/and 319\d\d more problems/);
    },
    CASE_TIMEOUT,
  );

  it(
    "a file over the size limit is refused while reading, naming the variable that raises it",
    async () => {
      const outcome = await validate(file("big/runwarden.yml", `# ${"x".repeat(9 * 1024 * 1024)}\n`));
      expectHandled(outcome, [2]);
      expect(outcome.stderr).toContain("RUNWARDEN_CONFIG_MAX_FILE_BYTES");
    },
    CASE_TIMEOUT,
  );

  it(
    "a limit that is not a number is bad input",
    async () => {
      expectHandled(await validate(join(FIXTURES, "config", "valid.yml"), { RUNWARDEN_CONFIG_MAX_FILE_BYTES: "lots" }), [2]);
    },
    CASE_TIMEOUT,
  );

  it(
    "a 1 MB line, and nesting 100,000 deep",
    async () => {
      expectHandled(await validate(file("long/runwarden.yml", `inventory: hosts.ini\nx: "${"a".repeat(1024 * 1024)}"\n`)), [2]);
      expectHandled(await validate(file("deep/runwarden.yml", `inventory: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`)), [2]);
    },
    CASE_TIMEOUT,
  );
});

describe("inventory --list and inventory check", () => {
  const list = (inventory: string) => runCli(bin, ["inventory", "-i", inventory, "--list"], { cwd: scratch });
  const check = (inventory: string) => runCli(bin, ["inventory", "check", "-i", inventory], { cwd: scratch });

  for (const [label, make] of specialFiles("inventory")) {
    it(
      `${label}`,
      async () => {
        const path = make();
        expectHandled(await list(path), [2]);
        expectHandled(await check(path), [1, 2]);
      },
      CASE_TIMEOUT,
    );
  }

  it.each(["huge-range.ini", "large-range.ini", "nested-range.ini", "reversed-range.ini", "proto-names.ini", "proto-names.yml"])(
    "%s",
    async (name) => {
      const path = join(FIXTURES, "inventory", name);
      expectHandled(await list(path));
      expectHandled(await check(path));
    },
    CASE_TIMEOUT,
  );

  /** An inventory folder whose group_vars/web entry is `make()`. */
  const withGroupVars = (name: string, make: (path: string) => void): string => {
    const dir = scratchPath(name, "hosts.ini").replace(/\/hosts\.ini$/, "");
    writeFileSync(join(dir, "hosts.ini"), "[web]\nweb-01.example.test\n");
    mkdirSync(join(dir, "group_vars"), { recursive: true });
    make(join(dir, "group_vars", "web.yml"));
    return dir;
  };

  it.each([
    ["/dev/zero", (path: string) => symlinkSync("/dev/zero", path)],
    ["a FIFO with no writer", (path: string) => execFileSync("mkfifo", [path])],
    [
      "a symbolic-link loop",
      (path: string) => {
        symlinkSync(`${path}.b`, path);
        symlinkSync(path, `${path}.b`);
      },
    ],
  ])(
    "a group_vars entry that is %s: exit 2",
    async (_label, make) => {
      const dir = withGroupVars(`gv-${Math.random().toString(36).slice(2)}`, make);
      expectHandled(await list(dir), [2]);
    },
    CASE_TIMEOUT,
  );

  it(
    "a chain of 2,000 :children groups",
    async () => {
      const lines: string[] = [];
      for (let i = 0; i < 2000; i++) lines.push(`[g${i}:children]`, `g${i + 1}`);
      lines.push("[g2000]", "web-01.example.test");
      const path = file("chain.ini", `${lines.join("\n")}\n`);
      expectHandled(await list(path));
    },
    CASE_TIMEOUT,
  );

  const odd: [string, string | Buffer][] = [
    ["long.ini", `[web]\nweb-01 note=${"a".repeat(10 * 1024 * 1024)}\n`],
    ["utf16.ini", Buffer.from("\ufeff[web]\nweb-01\n", "utf16le")],
    ["latin1.ini", Buffer.from("[web]\nweb-\xe9\xff\n", "latin1")],
    ["bom.ini", "\ufeff[web]\nweb-01\n"],
    [
      "laughs.yml",
      `all:\n  vars:\n${["a", "b", "c", "d", "e", "f", "g", "h"].map((k, i) => `    ${k}: &${k} [${Array.from({ length: 9 }, () => (i === 0 ? '"lol"' : `*${String.fromCharCode(96 + i)}`)).join(",")}]`).join("\n")}\n  hosts: { web-01: {} }\n`,
    ],
    ["deep.yml", `all: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`],
  ];
  it.each(odd)(
    "%s (a 10 MB line, UTF-16, invalid UTF-8, a BOM, YAML billion laughs, deep nesting)",
    async (name, content) => {
      expectHandled(await list(file(name, content)));
    },
    CASE_TIMEOUT,
  );
});

describe("mask --secret-file", () => {
  const mask = (args: string[], stdin: string | Buffer = "", env: Record<string, string> = {}) => runCli(bin, ["mask", ...args], { stdin, env });

  for (const [label, make] of specialFiles("secret")) {
    it(
      `${label}: exit 2 before any output`,
      async () => {
        const outcome = await mask(["--secret-file", make()], "some input\n");
        expectHandled(outcome, [2]);
        expect(outcome.stdoutBytes).toBe(0);
      },
      CASE_TIMEOUT,
    );
  }

  it(
    "a 200 KB secret file: refused by the form budget (exit 2), or raised and masked",
    async () => {
      const lines = Array.from({ length: 3000 }, (_, i) => Buffer.from(`${i}`.repeat(48)).toString("base64").slice(0, 64));
      const path = file("big-secret.pem", `${lines.join("\n")}\n`);
      const refused = await mask(["--secret-file", path], "nothing secret\n");
      expectHandled(refused, [2]);
      expect(refused.stderr).toContain("RUNWARDEN_MASK_MAX_FORM_BYTES");
      expect(refused.stdoutBytes).toBe(0);
    },
    CASE_TIMEOUT,
  );

  it(
    "a secret file over the size limit",
    async () => {
      const outcome = await mask(["--secret-file", file("huge-secret", "x".repeat(2 * 1024 * 1024))], "x\n");
      expectHandled(outcome, [2]);
      expect(outcome.stderr).toContain("RUNWARDEN_MASK_MAX_SECRET_FILE_BYTES");
    },
    CASE_TIMEOUT,
  );

  it(
    "a secret file that is not UTF-8 is masked as bytes, raw and encoded",
    async () => {
      const secret = Buffer.from("secret-\xff\xfe\x80-bytes", "latin1");
      const input = Buffer.concat([
        Buffer.from("raw "),
        secret,
        Buffer.from(` b64 ${secret.toString("base64")} hex ${secret.toString("hex").toUpperCase()}\n`),
      ]);
      const outcome = await mask(["--secret-file", join(FIXTURES, "secrets", "non-utf8.bin")], input);
      expectHandled(outcome, [0]);
      expect(outcome.stdout.toString("latin1")).toBe("raw *** b64 *** hex ***\n");
    },
    CASE_TIMEOUT,
  );

  it.each([
    ["utf16.txt", "utf16-secret-value"],
    ["bom.txt", "bom-secret-value"],
  ])(
    "a secret file in %s is masked",
    async (name, secret) => {
      const outcome = await mask(["--secret-file", join(FIXTURES, "secrets", name)], `a ${secret} b\n`);
      expectHandled(outcome, [0]);
      expect(outcome.stdout.toString("utf8")).not.toContain(secret.slice(0, 12));
    },
    CASE_TIMEOUT,
  );

  it(
    "an empty secret file, and --min-length beyond any number",
    async () => {
      expectHandled(await mask(["--secret-file", file("empty-secret", "\n")]), [2]);
      const outcome = await mask(["--min-length", "99999999999999999999"]);
      expectHandled(outcome, [2]);
    },
    CASE_TIMEOUT,
  );

  it(
    "binary input comes out byte for byte",
    async () => {
      const input = Buffer.alloc(1024 * 1024);
      let x = 0x9e3779b9;
      for (let i = 0; i < input.length; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        input[i] = x >>> 24;
      }
      const outcome = await mask([], input);
      expectHandled(outcome, [0]);
      expect(outcome.stdout.equals(input)).toBe(true);
    },
    CASE_TIMEOUT,
  );

  it(
    "10 MB of vault headers on one line",
    async () => {
      const input = `${"$ANSIBLE_VAULT;1.1;AES256 ".repeat(400_000)}\n`;
      const outcome = await mask([], input);
      expectHandled(outcome, [0]);
      expect(outcome.stdout.toString()).toBe(`${"*** ".repeat(400_000)}\n`);
    },
    CASE_TIMEOUT,
  );

  it(
    "stdout on a full device: one line and exit 3 (docs/limits.md), no stack trace",
    async () => {
      const full = (await import("node:fs")).openSync("/dev/full", "w");
      try {
        const outcome = await runCli(bin, ["mask"], { stdin: "hello\n".repeat(10_000), stdoutFd: full });
        expectHandled(outcome, [3]);
        expect(outcome.stderr).toBe("runwarden: cannot write to stdout: no space left on the device (ENOSPC); stopping\n");
      } finally {
        (await import("node:fs")).closeSync(full);
      }
    },
    CASE_TIMEOUT,
  );

  it(
    "inventory --list on a full device (its output goes straight to the descriptor): the same line and exit 3",
    async () => {
      const full = (await import("node:fs")).openSync("/dev/full", "w");
      try {
        const hosts = join(repoRoot, "test", "fixtures", "inventory", "corpus", "02-ini-vars-children", "hosts");
        const outcome = await runCli(bin, ["inventory", "-i", hosts, "--list"], { stdoutFd: full });
        expectHandled(outcome, [3]);
        expect(outcome.stderr).toBe("runwarden: cannot write to stdout: no space left on the device (ENOSPC); stopping\n");
      } finally {
        (await import("node:fs")).closeSync(full);
      }
    },
    CASE_TIMEOUT,
  );
});

describe("lint", () => {
  for (const [label, make] of specialFiles("lint")) {
    it(
      `${label}`,
      async () => {
        expectHandled(await runCli(bin, ["lint", make()], { cwd: scratch }));
      },
      CASE_TIMEOUT,
    );
  }
});
