/**
 * `runwarden diagnose` (the incident report) against the emulator: the ranked causes of the example's
 * dead runner, the hard budget (an API endpoint that never answers, a target that drops packets),
 * and the bundle with secrets planted in the job log, an annotation and the runner's _diag files.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { extract } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { runInProcess } from "../helpers/cli.js";
import { configFile, githubEnv, ROUTE_CONFIG } from "../route/helpers.js";
import { control, exampleScenario, startEmulator } from "../sandbox/helpers.js";

interface CauseJson {
  signature: string;
  class: string;
  confidence: number;
  evidence: { source: string; text: string }[];
  remediation: string;
}
interface ReportJson {
  causes: CauseJson[];
  failover: boolean;
  collected: { source: string; items: number }[];
  missing: { source: string; reason: string }[];
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator(exampleScenario("two-groups.yml"));
});
afterAll(async () => {
  await emulator.close();
});

function setup(inventory: string, extra = ""): { dir: string; path: string } {
  const config = configFile(`${ROUTE_CONFIG}${extra}`);
  writeFileSync(join(config.dir, "hosts"), inventory);
  return config;
}

describe("runwarden diagnose: the incident report", () => {
  it("the example's dead runner: runner-lost-communication first, with its evidence; the fleet's orphan next; exit 0", async () => {
    const config = setup("[production]\nweb-1 ansible_host=localhost ansible_port=1\n");
    const run = await runInProcess(["diagnose", "--config", config.path, "-e", "production", "--json"], { env: githubEnv(emulator), cwd: config.dir });
    expect(run.code, run.stderr).toBe(0);
    const data = JSON.parse(run.stdout) as ReportJson;
    expect(data.causes[0]).toMatchObject({ signature: "runner-lost-communication", class: "runner", confidence: 0.9 });
    expect(data.causes[0]?.evidence[0]?.source).toMatch(/^GET \/repos\/acme\/platform\/check-runs\/\d+\/annotations$/);
    expect(data.causes[0]?.evidence[0]?.text).toContain("prod-b-3 lost communication with the server");
    expect(data.failover).toBe(true);
    const ids = data.causes.map((c) => c.signature);
    expect(ids).toEqual(expect.arrayContaining(["runner-died-mid-job", "orphaned-busy-runner", "inventory-on-loopback"]));
    expect(data.collected.map((c) => c.source)).toEqual(
      expect.arrayContaining([expect.stringContaining("runs: GET /repos/acme/platform/actions/workflows/deploy.yml/runs")]),
    );
    expect(data.missing).toEqual(
      expect.arrayContaining([{ source: "host", reason: "not on a runner host (RUNWARDEN_RUNNER_ROOT and RUNNER_WORKSPACE unset)" }]),
    );
    const text = await runInProcess(["diagnose", "--config", config.path, "-e", "production"], { env: githubEnv(emulator), cwd: config.dir });
    expect(text.stdout).toContain("Most likely: the runner lost communication with GitHub — runner (runner-lost-communication, 90 %)");
    expect(text.stdout).toContain("Next: the runner host died");
  });

  describe("the budget", () => {
    let blackhole: ChildProcess;
    let port = 0;
    beforeAll(async () => {
      // A listener that never accepts, its queue filled: the kernel drops further SYNs (a target that drops packets).
      blackhole = spawn(
        "python3",
        [
          "-c",
          "import socket,sys,time\ns=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(0)\nprint(s.getsockname()[1], flush=True)\nfill=[]\nfor _ in range(4):\n  c=socket.socket(); c.setblocking(False)\n  try: c.connect(s.getsockname())\n  except BlockingIOError: pass\n  fill.append(c)\nprint('full', flush=True)\ntime.sleep(600)",
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      port = await new Promise<number>((resolve) => {
        let out = "";
        blackhole.stdout?.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("full")) resolve(Number(out.split("\n")[0]));
        });
      });
    });
    afterAll(() => {
      blackhole.kill("SIGKILL");
    });

    it("an API endpoint that never answers and a target that drops packets: both under missing (budget), the rest reported", async () => {
      const config = setup(`[production]\nweb-1 ansible_host=127.0.0.1 ansible_port=${port}\n`);
      const fault = (await control(emulator, "POST", "/faults", { kind: "latency", ms: 600_000, match: { path: "/orgs/acme/actions/runners" } })).body as {
        id: number;
      };
      try {
        const run = await runInProcess(["diagnose", "--config", config.path, "-e", "production", "--budget", "3s", "--json"], {
          env: githubEnv(emulator),
          cwd: config.dir,
        });
        const data = JSON.parse(run.stdout) as ReportJson;
        expect(data.missing).toEqual(
          expect.arrayContaining([
            { source: "fleet: GET /orgs/acme/actions/runners", reason: "budget" },
            { source: `targets: web-1 TCP 127.0.0.1:${port}`, reason: "budget" },
          ]),
        );
        // The runs answered: the cause is still named from the job's own evidence.
        expect(run.code, run.stderr).toBe(0);
        expect(data.causes[0]?.signature).toBe("runner-lost-communication");
      } finally {
        await control(emulator, "DELETE", `/faults/${fault.id}`);
      }
    });
  });

  it("the bundle: a gzipped tar with a SHA-256 manifest, and no planted secret anywhere in it", async () => {
    const SECRET = "rw-planted-9f3b7c1e5a2d4f60";
    const config = setup("[production]\nweb-1 ansible_host=localhost ansible_port=1\n", "mask:\n  secrets: [DEPLOY_API_KEY]\n");
    // API answers: a failed deploy job whose annotation and log carry the secret.
    const started = (await control(emulator, "POST", "/runs", { workflow: "deploy.yml" })).body as { id: number; jobs: { id: number; name: string }[] };
    const route = started.jobs.find((j) => j.name === "route");
    await control(emulator, "POST", `/jobs/${route?.id ?? 0}/advance`, {
      conclusion: "success",
      outputs: { group: "prod-primary", labels: '["self-hosted","linux","x64","production"]' },
    });
    const state = (await control(emulator, "GET", "/state")).body as { runs: { id: number; jobs: { id: number; name: string }[] }[] };
    const deploy = state.runs.find((r) => r.id === started.id)?.jobs.find((j) => j.name === "deploy");
    const advanced = await control(emulator, "POST", `/jobs/${deploy?.id ?? 0}/advance`, {
      conclusion: "failure",
      annotations: [{ message: `curl -H 'Authorization: ${SECRET}' failed` }, { message: "Process completed with exit code 1." }],
      log: `2026-05-04T03:12:01.0000000Z using key ${SECRET}\n2026-05-04T03:12:02.0000000Z ${Buffer.from(SECRET).toString("base64")}\n`,
    });
    expect(advanced.status).toBe(200);
    // The runner host's _diag files.
    const root = mkdtempSync(join(tmpdir(), "rw-runner-"));
    mkdirSync(join(root, "_diag"));
    const stamp = new Date().toISOString().slice(0, 19).replace("T", " ");
    writeFileSync(
      join(root, "_diag", "Runner_20260504-030000-utc.log"),
      `[${stamp}Z ERR  Runner] Runner connect error: token ${SECRET} rejected. Retrying until reconnected.\n`,
    );
    writeFileSync(join(root, "_diag", "Worker_20260504-030500-utc.log"), `[${stamp}Z ERR  Worker] secret=${SECRET}\n`);
    const out = mkdtempSync(join(tmpdir(), "rw-bundle-"));
    const env = { ...githubEnv(emulator), DEPLOY_API_KEY: SECRET, RUNWARDEN_RUNNER_ROOT: root };
    const run = await runInProcess(["diagnose", "--config", config.path, "-e", "production", "--bundle", join(out, "incident.tar.gz"), "--json"], {
      env,
      cwd: config.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain(SECRET);
    const raw = readFileSync(join(out, "incident.tar.gz"));
    expect(raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const unpacked = join(out, "x");
    mkdirSync(unpacked);
    await extract({ file: join(out, "incident.tar.gz"), cwd: unpacked });
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
    })(unpacked);
    const base = join(unpacked, "runwarden-diagnose");
    const manifest = JSON.parse(readFileSync(join(base, "manifest.json"), "utf8")) as { files: { path: string; sha256: string }[] };
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(["report.json", "host/diag.log", `jobs/${deploy?.id ?? 0}.log`]));
    for (const entry of manifest.files)
      expect(
        createHash("sha256")
          .update(readFileSync(join(base, entry.path)))
          .digest("hex"),
        entry.path,
      ).toBe(entry.sha256);
    expect(files.map((f) => relative(base, f)).sort()).toEqual([...manifest.files.map((f) => f.path), "manifest.json"].sort());
    const forms = [SECRET, Buffer.from(SECRET).toString("base64")];
    for (const file of files)
      for (const form of forms) expect(readFileSync(file, "utf8").includes(form), `${relative(base, file)} holds the secret`).toBe(false);
    expect(readFileSync(join(base, "host", "diag.log"), "utf8")).toContain("Runner connect error");
  });
});
