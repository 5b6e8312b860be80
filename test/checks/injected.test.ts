/** Checks over layers built elsewhere, through their interfaces: the inventory engine and GitHub. */
import { describe, expect, it } from "vitest";
import { githubProbe, type GithubProbeClient } from "../../src/checks/github.js";
import { inventoryProbe } from "../../src/checks/inventory.js";
import { runProbe } from "./run.js";

const client = (over: Partial<GithubProbeClient> = {}): GithubProbeClient => ({
  rateLimit: () => Promise.resolve({ remaining: 50, limit: 1000, resetAt: new Date("2030-01-01T00:00:00Z") }),
  branchProtected: () => Promise.resolve(true),
  environmentReviewers: () => Promise.resolve(2),
  ...over,
});

describe("inventory check", () => {
  it("passes real hosts and fails too few of them", async () => {
    const inspect = () => ({ loopback: [], missing: [], hosts: ["web-01", "web-02"] });
    expect(await runProbe(inventoryProbe({ pattern: "production", inspect, requireVars: ["ansible_host"], timeoutMs: 1000 }))).toMatchObject({
      status: "pass",
      summary: "pattern 'production': 2 host(s), none on loopback, ansible_host set",
    });
    expect((await runProbe(inventoryProbe({ pattern: "production", inspect, minHosts: 3, timeoutMs: 1000 }))).summary).toBe(
      "pattern 'production' selects 2 host(s), need at least 3",
    );
  });

  it("allows loopback only when told to; an inspector that throws is an error", async () => {
    const inspect = () => ({ loopback: ["localhost"], missing: [], hosts: ["localhost"] });
    expect((await runProbe(inventoryProbe({ pattern: "staging", inspect, forbidLoopback: false, timeoutMs: 1000 }))).status).toBe("pass");
    const broken = () => Promise.reject(new Error("inventory parse error at hosts:3"));
    expect(await runProbe(inventoryProbe({ pattern: "p", inspect: broken, timeoutMs: 1000 }))).toMatchObject({
      status: "error",
      summary: "inventory parse error at hosts:3",
    });
  });
});

describe("github check", () => {
  it("fails when the rate limit is short or a guard does not hold", async () => {
    const short = await runProbe(githubProbe({ client: client(), minRateLimit: 100, timeoutMs: 1000 }));
    expect(short).toMatchObject({ status: "fail", summary: "50/1000 API requests left until 2030-01-01T00:00:00.000Z; need at least 100" });
    const unprotected = await runProbe(
      githubProbe({
        client: client({ branchProtected: () => Promise.resolve(false) }),
        protectedBranch: "main",
        reviewedEnvironment: "production",
        timeoutMs: 1000,
      }),
    );
    expect(unprotected.summary).toBe("branch main is not protected");
    const ok = await runProbe(githubProbe({ client: client(), protectedBranch: "main", reviewedEnvironment: "production", timeoutMs: 1000 }));
    expect(ok).toMatchObject({ status: "pass" });
    expect(ok.summary).toContain("branch main is protected; environment production requires review");
  });

  it("GitHub not answering is an error, never a pass", async () => {
    const down = client({ rateLimit: () => Promise.reject(new Error("HTTP 502 Bad Gateway")) });
    expect(await runProbe(githubProbe({ client: down, timeoutMs: 1000 }))).toMatchObject({
      status: "error",
      summary: "GitHub did not answer: HTTP 502 Bad Gateway",
    });
  });
});
