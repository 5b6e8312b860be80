/** tcp and dns probes on loopback. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dnsProbe } from "../../src/checks/dns.js";
import { tcpProbe } from "../../src/checks/tcp.js";
import { closedPort, startHangingServer, type TestServer } from "../helpers/servers.js";
import { runProbe } from "./run.js";

let server: TestServer;
beforeAll(async () => {
  server = await startHangingServer("127.0.0.2");
});
afterAll(async () => {
  await server.close();
});

describe("tcp probe", () => {
  it("passes when the port accepts a connection", async () => {
    const result = await runProbe(tcpProbe({ host: server.host, port: server.port, timeoutMs: 1000 }));
    expect(result.status).toBe("pass");
    expect(result.summary).toMatch(new RegExp(`^127\\.0\\.0\\.2:${server.port} accepts connections`));
  });

  it("fails when nothing listens", async () => {
    const port = await closedPort();
    expect(await runProbe(tcpProbe({ host: "127.0.0.1", port, timeoutMs: 1000 }))).toMatchObject({
      status: "fail",
      summary: `127.0.0.1:${port}: connection refused`,
    });
  });

  it("is cancelled by the caller's signal", async () => {
    const controller = new AbortController();
    controller.abort(new Error("preflight deadline of 1 ms passed"));
    const result = await runProbe(tcpProbe({ host: server.host, port: server.port, timeoutMs: 1000 }), undefined, controller.signal);
    expect(result).toMatchObject({ status: "error", summary: "not finished: preflight deadline of 1 ms passed" });
  });
});

describe("dns probe", () => {
  it("resolves names the way ssh would (getaddrinfo, /etc/hosts)", async () => {
    const result = await runProbe(dnsProbe({ name: "localhost", record: "A", timeoutMs: 2000 }));
    expect(result.status).toBe("pass");
    expect(result.summary).toMatch(/^A localhost → 127\.0\.0\.1/);
  });

  it("fails for a name that does not exist", async () => {
    const result = await runProbe(dnsProbe({ name: "no-such-host.invalid", record: "A", timeoutMs: 2000 }));
    expect(result.status).toBe("fail");
    expect(result.summary).toMatch(/^no A no-such-host\.invalid record/);
  });
});
