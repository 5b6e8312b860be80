import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { binPath, runBinary, runInProcess } from "../helpers/cli.js";

const key = "correct-horse-battery-staple";
const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("runwarden mask", () => {
  it("masks a named env var's value and its encodings, streamed through the executable", async () => {
    const input = `ok\nkey=${key}\nb64=${b64(key)}\nurl=${encodeURIComponent(`x ${key}`)}\ntoken ghp_${"A1b2C3d4E5".repeat(3)}abcdef\n`;
    const run = await runBinary(["mask", "--env", "DEPLOY_KEY"], { env: { DEPLOY_KEY: key }, stdin: input });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("ok\nkey=***\nb64=***\nurl=x%20***\ntoken ***\n");
  });

  it("masks a multi-line secret file whole and line by line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-mask-"));
    const file = join(dir, "vault-pass");
    writeFileSync(file, "first-line-secret\nsecond-line-secret\n");
    const run = await runInProcess(["mask", "--secret-file", file], {
      stdin: "a first-line-secret b\nsecond-line-secret\nfirst-line-secret\nsecond-line-secret\n",
    });
    expect(run.code).toBe(0);
    // Lines 3–4 are the whole value: one range, one ***.
    expect(run.stdout).toBe("a *** b\n***\n***\n");
  });

  it("always masks GITHUB_TOKEN", async () => {
    const token = "ghs_notAPatternButStillMaskedBecauseItIsSet1";
    const run = await runInProcess(["mask"], { env: { GITHUB_TOKEN: token }, stdin: `Authorization: token ${token}\n` });
    expect(run.stdout).toBe("Authorization: token ***\n");
  });

  it("refuses an unset variable (exit 2) and lets nothing through", async () => {
    const run = await runInProcess(["mask", "--env", "NOT_SET_ANYWHERE"], { stdin: "data\n" });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("NOT_SET_ANYWHERE");
    expect(run.stderr).toContain("not set");
  });

  it("refuses a value passed where a name belongs", async () => {
    const run = await runInProcess(["mask", "--env", "hunter2!"], { stdin: "data\n" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("not an environment variable name");
  });

  it("refuses a secret shorter than the minimum, naming it but never printing it", async () => {
    const run = await runInProcess(["mask", "--env", "PIN"], { env: { PIN: "4711" }, stdin: "pin 4711\n" });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("PIN");
    expect(run.stderr).not.toContain("4711");
  });

  it("accepts a shorter secret when --min-length allows it", async () => {
    const run = await runInProcess(["mask", "--env", "PIN", "--min-length", "4"], { env: { PIN: "4711" }, stdin: "pin 4711\n" });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("pin ***\n");
  });

  it("rejects a bad --min-length as a usage error", async () => {
    const run = await runInProcess(["mask", "--min-length", "0"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--min-length takes a whole number");
  });

  it("refuses a missing secret file with exit 2", async () => {
    const run = await runInProcess(["mask", "--secret-file", "/nonexistent/vault-pass"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("/nonexistent/vault-pass");
    expect(run.stderr).toContain("no such file");
  });

  it("streams 8 MB without newlines and masks secrets everywhere in it", async () => {
    const filler = "x".repeat(1000);
    const parts: string[] = [];
    for (let i = 0; i < 8000; i += 1) parts.push(i % 97 === 0 ? key : filler);
    const run = await runBinary(["mask", "-e", "DEPLOY_KEY"], { env: { DEPLOY_KEY: key }, stdin: parts.join("") });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(key);
    expect(run.stdout).toBe(parts.map((part) => (part === key ? "***" : part)).join(""));
  });
});

describe("runwarden mask as a filter in a pipeline", () => {
  it("stops quietly (exit 0, no stack trace) when the reader goes away", async () => {
    const { spawn } = await import("node:child_process");
    const { binPath } = await import("../helpers/cli.js");
    const child = spawn(process.execPath, [binPath, "mask"], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const line = `${"log line ".repeat(10)}\n`;
    const feed = () => {
      while (child.stdin.writable && child.stdin.write(line)) {
        /* fill the pipe */
      }
    };
    child.stdin.on("drain", feed);
    child.stdin.on("error", () => {
      /* the child may exit while we still write: expected here */
    });
    feed();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toBe("");
  });
});

describe("runwarden mask reads stdin the same whatever it is", () => {
  // The bytes: every byte value, invalid UTF-8, the secret raw and base64-encoded across 300 KB
  // (several reads): output equals input with exactly the secret forms replaced.
  const secret = "s3cr3t-Deploy-Key-0451";
  const filler = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256));
  const pieces: Buffer[] = [];
  const expected: Buffer[] = [];
  for (let i = 0; i < 80; i++) {
    const form = i % 2 === 0 ? secret : Buffer.from(secret).toString("base64");
    pieces.push(filler, Buffer.from(`\nkey ${form} end\n`));
    expected.push(filler, Buffer.from("\nkey *** end\n"));
  }
  const input = Buffer.concat(pieces);
  const output = Buffer.concat(expected);
  const dir = mkdtempSync(join(tmpdir(), "rw-mask-stdin-"));
  const inputFile = join(dir, "input.bin");
  writeFileSync(inputFile, input);
  const env = { PATH: process.env.PATH ?? "", DEPLOY_KEY: secret };

  const shell = (script: string) => {
    const run = spawnSync("sh", ["-c", script, "sh", process.execPath, binPath, inputFile], { env, maxBuffer: 16 * 1024 * 1024 });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr.toString() };
  };

  it("a pipe (cat input | runwarden mask)", () => {
    const run = shell('cat "$3" | "$1" "$2" mask -e DEPLOY_KEY');
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.equals(output)).toBe(true);
  });

  it("a file as stdout, with thousands of masks per read (more pieces than one writev takes)", () => {
    const dense = join(dir, "dense.txt");
    writeFileSync(dense, `k=${secret}\n`.repeat(50_000));
    const masked = join(dir, "dense.masked");
    const run = spawnSync("sh", ["-c", '"$1" "$2" mask -e DEPLOY_KEY < "$3" > "$4"', "sh", process.execPath, binPath, dense, masked], { env });
    expect(run.status).toBe(0);
    expect(readFileSync(masked, "utf8")).toBe("k=***\n".repeat(50_000));
  });

  it("a regular file (runwarden mask < input), read from where the shell left it", () => {
    const run = shell('{ head -c 4096 >/dev/null; "$1" "$2" mask -e DEPLOY_KEY; } < "$3"');
    expect(run.code).toBe(0);
    expect(run.stdout.equals(output.subarray(4096))).toBe(true);
  });

  it("a socket (how Node starts a child)", async () => {
    const child = spawn(process.execPath, [binPath, "mask", "-e", "DEPLOY_KEY"], { env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stdin.end(input);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(Buffer.concat(out).equals(output)).toBe(true);
  });

  it("shows a prompt that waits for input without a newline, before the input comes", async () => {
    const child = spawn(process.execPath, [binPath, "mask", "-e", "DEPLOY_KEY"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let seen = "";
    const prompted = new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.endsWith("Password: ")) resolve();
      });
    });
    child.stdin.write(`connecting\nPassword: `);
    await prompted; // released by the idle flush while stdin stays open
    child.stdin.end(`${secret}\n`);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(seen).toBe("connecting\nPassword: ***\n");
  });
});
