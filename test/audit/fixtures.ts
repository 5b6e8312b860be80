/** Audit test material: one event of every type, a context factory, a chain of N entries. */
import type { KeyObject } from "node:crypto";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { Masker } from "../../src/mask/index.js";
import type { AuditEvent, AuditSubject } from "../../src/audit/events.js";
import type { CheckpointPlace } from "../../src/audit/checkpoint-place.js";
import { checkpointAudit, createAuditContext, recordAudit, type AuditContext } from "../../src/audit/record.js";
import type { Store } from "../../src/store/types.js";

export const SUBJECT: AuditSubject = {
  actor: "octocat",
  repository: "acme/shop",
  sha: "0123456789abcdef0123456789abcdef01234567",
  ref: "refs/heads/main",
  environment: "production",
  run_id: 9001,
  run_attempt: 1,
  workflow: "acme/shop/.github/workflows/deploy.yml@refs/heads/main",
  runner: "prod-runner-1",
  runner_group: "primary",
  duration_ms: 1200,
};

/** One event of each type, carrying `text` in every string field (for the planted-secret test). */
export function everyEvent(text = "", subject: AuditSubject = SUBJECT): AuditEvent[] {
  const s = (value: string): string => `${value}${text}`;
  const who: AuditSubject = text === "" ? subject : Object.fromEntries(Object.entries(subject).map(([k, v]) => [k, typeof v === "string" ? s(v) : v]));
  return [
    {
      ...who,
      type: "route.decision",
      considered: [
        { name: s("primary"), github_group: s("prod-primary"), healthy: false, eligible: true, reasons: [s("no idle runner")] },
        { name: s("secondary"), github_group: null, healthy: true, eligible: true, reasons: [] },
      ],
      chosen: s("secondary"),
      failover: true,
      drill: false,
      reasons: [s("primary unhealthy: failing over")],
    },
    {
      ...who,
      type: "deploy.attempt",
      outcome: "failed",
      stages: [
        { name: s("guards"), outcome: "ok", duration_ms: 3 },
        { name: s("execute"), outcome: "failed", duration_ms: 61_000, detail: s("web-2 unreachable") },
      ],
      failure_class: s("infrastructure"),
      hosts: [{ host: s("web-1"), ok: 12, changed: 2, unreachable: 0, failed: 0, skipped: 1, rescued: 0, ignored: 0 }],
      deployment_id: 42,
    },
    { ...who, type: "guard.refusal", guard: s("freeze"), reason: s("change freeze until Monday") },
    { ...who, type: "lock.acquired", lock: s("production"), holder: s("run 9001/1 on prod-runner-1"), fencing_token: 7, ttl_ms: 60_000 },
    {
      ...who,
      type: "lock.takeover",
      lock: s("production"),
      holder: s("run 9002/1"),
      fencing_token: 8,
      ttl_ms: 60_000,
      previous_holder: s("run 9001/1"),
      previous_fencing_token: 7,
    },
    { ...who, type: "lock.expired", lock: s("production"), holder: s("run 9002/1"), fencing_token: 8, ttl_ms: 60_000 },
    { ...who, type: "watchdog.reroute", target_run_id: 77, from_group: s("primary"), to_group: s("secondary"), reason: s("queued 10m"), queued_ms: 600_000 },
    { ...who, type: "watchdog.cancel", target_run_id: 78, from_group: s("primary"), to_group: null, reason: s("no healthy group"), queued_ms: 900_000 },
    {
      ...who,
      type: "gate.verdict",
      gate: s("http-health"),
      verdict: "fail",
      reason: s("3 failures in a row"),
      probes: [{ name: s("https health"), kind: s("http"), passes: 2, failures: 3, errors: 0 }],
    },
  ];
}

export interface TestKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function testKeys(): TestKeys {
  const pair = generateKeyPairSync("ed25519");
  return { privateKey: pair.privateKey, publicKey: createPublicKey(pair.privateKey) };
}

export interface ContextOptions {
  readonly hmacKey?: Buffer;
  readonly keys?: TestKeys;
  readonly place?: CheckpointPlace;
  readonly every?: number;
  readonly masker?: Masker;
}

let clock = Date.parse("2025-05-01T12:00:00.000Z");

export function testContext(options: ContextOptions = {}): AuditContext {
  return createAuditContext({
    masker: options.masker ?? new Masker(),
    keys: { hmacKey: options.hmacKey, signingKey: options.keys?.privateKey, publicKey: options.keys?.publicKey },
    now: () => (clock += 1000),
    ...(options.place === undefined ? {} : { checkpoints: { place: options.place, every: options.every ?? 5 } }),
  });
}

/** Records `count` events (cycling through every type), then a closing checkpoint. */
export async function recordChain(store: Store, ctx: AuditContext, count: number): Promise<void> {
  const events = everyEvent();
  for (let i = 0; i < count; i++) {
    const event = events[i % events.length];
    if (event === undefined) throw new Error("no events");
    await recordAudit(store, { ...event, run_id: 9000 + i }, ctx);
  }
  await checkpointAudit(store, ctx);
}
