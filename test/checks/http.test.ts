/** The http probe against real servers on loopback: plain, hanging, refused, and TLS with openssl-made certificates. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpProbe } from "../../src/checks/http.js";
import { InputError } from "../../src/model/errors.js";
import { thrown } from "../helpers/thrown.js";
import { closedPort, makeCertificate, startHangingServer, startHttpServer, startHttpsServer, type TestServer } from "../helpers/servers.js";
import { runProbe } from "./run.js";

const DAY = 86_400_000;
let app: TestServer;
let hanging: TestServer;
let expired: TestServer;
let expiring: TestServer;
let tmp: string;

beforeAll(async () => {
  app = await startHttpServer((req, res) => {
    if (req.url === "/ok") res.writeHead(200, { "content-type": "text/plain" }).end("hello from build 3f9c2e1");
    else if (req.url === "/json")
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ build: { sha: "3f9c2e1", n: 7 }, checks: [{ ok: true }] }));
    else if (req.url === "/slow") setTimeout(() => res.writeHead(200).end("late"), 150);
    else res.writeHead(503).end("down for maintenance");
  });
  hanging = await startHangingServer();
  tmp = mkdtempSync(join(tmpdir(), "runwarden-certs-"));
  const now = Date.now();
  expired = await startHttpsServer(makeCertificate(join(tmp, "expired"), new Date(now - 400 * DAY), new Date(now - 30 * DAY)));
  expiring = await startHttpsServer(makeCertificate(join(tmp, "expiring"), new Date(now - DAY), new Date(now + 5 * DAY + 3_600_000)));
});
afterAll(async () => {
  await Promise.all([app, hanging, expired, expiring].map((server) => server?.close()));
  rmSync(tmp, { recursive: true, force: true });
});

describe("http probe", () => {
  it("passes on an accepted status, and says how fast", async () => {
    const result = await runProbe(httpProbe({ url: `${app.url}/ok`, timeoutMs: 2000 }));
    expect(result.status).toBe("pass");
    expect(result.summary).toMatch(/^200 in (\d+ ms|[\d.]+ s)$/);
  });

  it("fails on another status, naming both", async () => {
    const result = await runProbe(httpProbe({ url: `${app.url}/down`, timeoutMs: 2000 }));
    expect(result).toMatchObject({ status: "fail", summary: "status 503, expected 200" });
    expect((await runProbe(httpProbe({ url: `${app.url}/down`, status: [200, 503], timeoutMs: 2000 }))).status).toBe("pass");
  });

  it("checks the body: contains, regex, and a JSON value at a path", async () => {
    expect((await runProbe(httpProbe({ url: `${app.url}/ok`, bodyContains: "3f9c2e1", timeoutMs: 2000 }))).status).toBe("pass");
    const behind = await runProbe(httpProbe({ url: `${app.url}/ok`, bodyContains: "aaaaaaa", timeoutMs: 2000 }));
    expect(behind).toMatchObject({ status: "fail", summary: "body does not contain 'aaaaaaa'" });
    expect(behind.evidence).toContain("body: hello from build 3f9c2e1");
    expect((await runProbe(httpProbe({ url: `${app.url}/ok`, bodyRegex: /build [0-9a-f]{7}$/, timeoutMs: 2000 }))).status).toBe("pass");
    expect((await runProbe(httpProbe({ url: `${app.url}/ok`, bodyRegex: /^build/, timeoutMs: 2000 }))).summary).toBe("body does not match /^build/");
    expect((await runProbe(httpProbe({ url: `${app.url}/json`, json: { path: "$.build.sha", equals: "3f9c2e1" }, timeoutMs: 2000 }))).status).toBe("pass");
    expect((await runProbe(httpProbe({ url: `${app.url}/json`, json: { path: "checks[0].ok", equals: true }, timeoutMs: 2000 }))).status).toBe("pass");
    expect((await runProbe(httpProbe({ url: `${app.url}/json`, json: { path: "$.build.n", equals: 8 }, timeoutMs: 2000 }))).summary).toBe(
      "$.build.n is 7, expected 8",
    );
    expect((await runProbe(httpProbe({ url: `${app.url}/json`, json: { path: "$.build.tag", equals: "x" }, timeoutMs: 2000 }))).summary).toBe(
      "JSON has no $.build.tag",
    );
    expect((await runProbe(httpProbe({ url: `${app.url}/ok`, json: { path: "$.a", equals: 1 }, timeoutMs: 2000 }))).summary).toBe(
      "body is not JSON (needed for $.a)",
    );
    expect(thrown(InputError, () => httpProbe({ url: app.url, json: { path: "$.a[", equals: 1 }, timeoutMs: 1 })).code).toBe("RW_JSON_PATH");
  });

  it("enforces a latency ceiling", async () => {
    const slow = await runProbe(httpProbe({ url: `${app.url}/slow`, maxLatencyMs: 50, timeoutMs: 2000 }));
    expect(slow.status).toBe("fail");
    expect(slow.summary).toMatch(/^answered in (\d+ ms|[\d.]+ s), above 50 ms$/);
  });

  it("a server that never answers is an error, bounded by the timeout", async () => {
    // Nothing but the probe's timeout can end it, and the summary says so.
    const result = await runProbe(httpProbe({ url: `${hanging.url}/health`, timeoutMs: 200 }));
    expect(result).toMatchObject({ status: "error", summary: "timed out after 200 ms" });
  });

  it("a refused connection is a failure (nothing listens)", async () => {
    const port = await closedPort();
    const result = await runProbe(httpProbe({ url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 }));
    expect(result).toMatchObject({ status: "fail", summary: `GET http://127.0.0.1:${port}/: connection refused` });
  });

  it("an expired certificate fails, verified or not", async () => {
    const verified = await runProbe(httpProbe({ url: expired.url, timeoutMs: 2000 }));
    expect(verified.status).toBe("fail");
    // OpenSSL reports the expiry before the missing trust of a self-signed certificate.
    expect(verified.summary).toBe(`GET ${expired.url}/: TLS certificate has expired`);
    const unverified = await runProbe(httpProbe({ url: expired.url, tlsVerify: false, timeoutMs: 2000 }));
    expect(unverified).toMatchObject({ status: "fail" });
    expect(unverified.summary).toMatch(/^TLS certificate expired 3\d day\(s\) ago \(\d{4}-\d{2}-\d{2}\)$/);
  });

  it("warns ahead: a certificate with fewer days left than min_cert_days fails", async () => {
    const soon = await runProbe(httpProbe({ url: expiring.url, tlsVerify: false, minCertDays: 30, timeoutMs: 2000 }));
    expect(soon).toMatchObject({ status: "fail" });
    expect(soon.summary).toMatch(/TLS certificate expires in 5 day\(s\) \(.*\), below 30/);
    const fine = await runProbe(httpProbe({ url: expiring.url, tlsVerify: false, minCertDays: 2, timeoutMs: 2000 }));
    expect(fine.status).toBe("pass");
    expect(fine.summary).toMatch(/certificate valid 5 more day\(s\)/);
    expect((await runProbe(httpProbe({ url: `${app.url}/ok`, minCertDays: 2, timeoutMs: 2000 }))).summary).toBe("no TLS certificate to check (not https?)");
  });

  it("HEAD requests work and a bad URL is bad input", async () => {
    expect((await runProbe(httpProbe({ url: `${app.url}/ok`, method: "HEAD", timeoutMs: 2000 }))).status).toBe("pass");
    expect(thrown(InputError, () => httpProbe({ url: "not a url", timeoutMs: 1 })).code).toBe("RW_CHECK_URL");
  });
});
