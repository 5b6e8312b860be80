/**
 * The environment lock on GitHub itself, for teams whose runner hosts share no database: a Git
 * reference `refs/runwarden/lock/<environment>` points to a commit whose message holds the lock's
 * state (holder, token, expiry, the line of waiters). Every change is a new commit whose parent is
 * the commit read, installed by
 *
 * - `POST /git/refs` when the reference does not exist yet — fails with 422 when someone else
 *   created it first (creation is atomic; https://docs.github.com/rest/git/refs#create-a-reference);
 * - `PATCH /git/refs/{ref}` with `force: false` otherwise — GitHub accepts only a fast-forward, so
 *   the update succeeds only if nobody moved the reference since it was read: compare-and-set
 *   (https://docs.github.com/rest/git/refs#update-a-reference).
 *
 * A lost race re-reads and decides again. Lease, TTL, FIFO line and fencing are those of the SQL
 * lock; expiry is judged by each runner's clock (keep them in NTP sync; TTL ≫ skew). Each grant,
 * heartbeat and release is mirrored into the local store, where fenced writes are checked.
 */
import { z } from "zod";
import type { CallOptions, GithubClient } from "../github/client.js";
import { httpFailure } from "../github/errors.js";
import type { RepoRef } from "../github/api/runners.js";
import { makeLease } from "./lease.js";
import type { AcquireRequest, AcquireResult, LeaseCheck, LockBackend, LockHolder, LockOwner, Store } from "./types.js";
import { waitInLine, type Line, type LineStep } from "./wait.js";

/** Git's empty tree: lock commits carry no files. */
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const HEADER = "runwarden environment lock";

const refSchema = z.object({ object: z.object({ sha: z.string() }) });
const commitSchema = z.object({ sha: z.string(), message: z.string() });
const ownerSchema = z.object({ runId: z.string(), attempt: z.number(), runner: z.string() });
const stateSchema = z.object({
  v: z.literal(1),
  token: z.number(),
  holder: z.object({ owner: ownerSchema, token: z.number(), acquiredAt: z.number(), expiresAt: z.number() }).nullable(),
  nextTicket: z.number(),
  queue: z.array(z.object({ ticket: z.number(), owner: ownerSchema, expiresAt: z.number() })),
});
type LockState = z.output<typeof stateSchema>;

const EMPTY: LockState = { v: 1, token: 0, holder: null, nextTicket: 1, queue: [] };

export interface GithubLockOptions {
  readonly client: GithubClient;
  readonly repo: RepoRef;
  /** Where fenced writes are checked: every lease is mirrored there. */
  readonly store: Store;
  /** Pause between two polls of the first waiter. Default 2 s (each poll is a GitHub request). */
  readonly pollMs?: number;
  readonly reportEveryMs?: number;
  readonly clock?: () => number;
}

/** The reference's name below `refs/` for an environment (names outside [A-Za-z0-9._-] are hex-encoded). */
export function lockRefName(environment: string): string {
  const plain = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(environment) && !environment.endsWith(".lock") && !environment.includes("..");
  return `runwarden/lock/${plain ? environment : `x-${Buffer.from(environment, "utf8").toString("hex")}`}`;
}

const isStatus = (err: unknown, status: number): boolean => httpFailure(err instanceof Error ? err.cause : undefined)?.status === status;

export function githubLock(options: GithubLockOptions): LockBackend {
  const { client, repo, store } = options;
  const clock = options.clock ?? Date.now;
  const messages = new Map<string, LockState>();
  const call: CallOptions = {};

  /** The reference's commit and the state in it; `undefined` sha when the lock was never taken. */
  async function read(environment: string): Promise<{ sha: string | undefined; state: LockState }> {
    const ref = await client.getOrNull("getGitRef", { ...repo, ref: lockRefName(environment) }, refSchema, call);
    if (ref === null) return { sha: undefined, state: EMPTY };
    const sha = ref.object.sha;
    let state = messages.get(sha);
    if (state === undefined) {
      const commit = await client.get("getGitCommit", { ...repo, commit_sha: sha }, commitSchema, call);
      const json = commit.message.slice(commit.message.indexOf("{"));
      state = stateSchema.parse(JSON.parse(json));
      messages.set(sha, state);
    }
    return { sha, state };
  }

  /** Installs `next` over `sha`; false when someone else changed the lock first. */
  async function write(environment: string, sha: string | undefined, next: LockState): Promise<boolean> {
    const message = `${HEADER} ${environment}\n\n${JSON.stringify(next)}\n`;
    const commit = await client.get("createGitCommit", { ...repo, message, tree: EMPTY_TREE, parents: sha === undefined ? [] : [sha] }, commitSchema, call);
    messages.set(commit.sha, next);
    try {
      if (sha === undefined) await client.raw("createGitRef", { ...repo, ref: `refs/${lockRefName(environment)}`, sha: commit.sha }, call);
      else await client.raw("updateGitRef", { ...repo, ref: lockRefName(environment), sha: commit.sha, force: false }, call);
      return true;
    } catch (err: unknown) {
      if (!isStatus(err, 422)) throw err;
      // A retried request may have landed before its retry was refused: then the lock is ours.
      return (await read(environment)).sha === commit.sha;
    }
  }

  /** Applies `change` to the current state until the write wins; `change` returns undefined to write nothing. */
  async function update<T>(environment: string, change: (state: LockState, now: number) => { next: LockState | undefined; result: T }): Promise<T> {
    for (;;) {
      const { sha, state } = await read(environment);
      const { next, result } = change(state, clock());
      if (next === undefined || (await write(environment, sha, next))) return result;
    }
  }

  const live = (state: LockState, now: number): LockHolder | undefined => (state.holder !== null && state.holder.expiresAt > now ? state.holder : undefined);
  const same = (a: LockOwner, b: LockOwner): boolean => a.runId === b.runId && a.attempt === b.attempt && a.runner === b.runner;

  function line(request: AcquireRequest): Line {
    const { environment, owner, ttlMs } = request;
    let ticket: number | undefined;
    return {
      async step() {
        const { step, joined } = await update<{ step: LineStep; joined?: number }>(environment, (state, now) => {
          const queue = state.queue.filter((w) => w.expiresAt > now);
          const mine = queue.find((w) => w.ticket === ticket);
          const myTicket = mine?.ticket; // a waiter silent for its TTL dropped out and joins again
          const holder = live(state, now);
          if (holder === undefined && (queue.length === 0 || queue[0]?.ticket === myTicket)) {
            const granted: LockHolder = { owner, token: state.token + 1, acquiredAt: now, expiresAt: now + ttlMs };
            return {
              next: { ...state, token: granted.token, holder: granted, queue: queue.filter((w) => w.ticket !== myTicket) },
              result: { step: { kind: "acquired", holder: granted, tookOverFrom: state.holder ?? undefined } },
            };
          }
          if (myTicket === undefined) {
            // The ticket is ours only once this write wins (a lost race runs this again).
            const entry = { ticket: state.nextTicket, owner, expiresAt: now + ttlMs };
            return {
              next: { ...state, nextTicket: entry.ticket + 1, queue: [...queue, entry] },
              result: { step: { kind: "waiting", holder, ahead: queue.length }, joined: entry.ticket },
            };
          }
          const refresh = mine !== undefined && mine.expiresAt - now < (ttlMs * 2) / 3;
          const next = refresh ? { ...state, queue: queue.map((w) => (w.ticket === myTicket ? { ...w, expiresAt: now + ttlMs } : w)) } : undefined;
          return { next, result: { step: { kind: "waiting", holder, ahead: queue.findIndex((w) => w.ticket === myTicket) } } };
        });
        if (joined !== undefined) ticket = joined;
        if (step.kind === "acquired") ticket = undefined;
        return step;
      },
      async leave() {
        if (ticket === undefined) return;
        const mine = ticket;
        ticket = undefined;
        await update(environment, (state) => ({
          next: state.queue.some((w) => w.ticket === mine) ? { ...state, queue: state.queue.filter((w) => w.ticket !== mine) } : undefined,
          result: undefined,
        }));
      },
    };
  }

  return {
    kind: "github",
    async acquire(request: AcquireRequest): Promise<AcquireResult> {
      const outcome = await waitInLine(request, line(request), { pollMs: options.pollMs ?? 2_000, reportEveryMs: options.reportEveryMs ?? 10_000, clock });
      if (outcome.kind === "timeout") return { status: "timeout", holder: outcome.holder, waitedMs: outcome.waitedMs };
      if (outcome.kind === "cancelled") return { status: "cancelled", waitedMs: outcome.waitedMs };
      const { environment, ttlMs } = request;
      const granted = outcome.holder;
      await store.fences.record(environment, granted);
      const fence = { environment, token: granted.token };
      const lost = (state: LockState): LeaseCheck => ({ status: "lost", holder: live(state, clock()) });
      const lease = makeLease(
        environment,
        granted,
        ttlMs,
        {
          renew: async () => {
            const check = await update<LeaseCheck>(environment, (state, now) => {
              const holder = live(state, now);
              if (holder === undefined || holder.token !== granted.token || !same(holder.owner, granted.owner)) return { next: undefined, result: lost(state) };
              return { next: { ...state, holder: { ...holder, expiresAt: now + ttlMs } }, result: { status: "held", expiresAt: now + ttlMs } };
            });
            if (check.status === "held") await store.fences.record(environment, { ...granted, expiresAt: check.expiresAt });
            else await store.fences.end(fence);
            return check;
          },
          end: async () => {
            const check = await update<LeaseCheck>(environment, (state, now) => {
              const holder = live(state, now);
              if (holder === undefined || holder.token !== granted.token) return { next: undefined, result: lost(state) };
              return { next: { ...state, holder: null }, result: { status: "held", expiresAt: now } };
            });
            await store.fences.end(fence);
            return check;
          },
        },
        clock,
      );
      return { status: "acquired", lease, tookOverFrom: outcome.tookOverFrom, waitedMs: outcome.waitedMs };
    },
    async holder(environment) {
      return live((await read(environment)).state, clock());
    },
  };
}
