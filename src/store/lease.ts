/**
 * A granted lease, the same for every backend: heartbeat, keep-alive and release over two
 * backend operations (renew for another TTL; end). Once lost, a lease stays lost.
 */
import type { Lease, LeaseCheck, LockHolder, ReleaseResult } from "./types.js";

export interface LeaseOps {
  /** Extends the lease by the TTL if it is still held. */
  renew(): Promise<LeaseCheck>;
  /** Frees the lock if it is still held. */
  end(): Promise<LeaseCheck>;
}

export function makeLease(environment: string, holder: LockHolder, ttlMs: number, ops: LeaseOps, clock: () => number): Lease {
  let expiresAt = holder.expiresAt;
  let lost: Extract<LeaseCheck, { status: "lost" }> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let released = false;
  const stop = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  const heartbeat = async (): Promise<LeaseCheck> => {
    if (lost !== undefined) return lost;
    if (released) return { status: "lost", holder: undefined };
    const check = await ops.renew();
    if (check.status === "held") expiresAt = check.expiresAt;
    else lost = check;
    return check;
  };

  return {
    fence: { environment, token: holder.token },
    holder,
    heartbeat,
    keepAlive(onLost) {
      stop();
      let beating = false;
      timer = setInterval(
        () => {
          if (beating) return;
          beating = true;
          heartbeat()
            .then((check) => {
              if (check.status === "lost") {
                stop();
                onLost(check);
              }
            })
            .catch(() => {
              // Unreachable backend: keep trying until the lease would have run out, then it is lost.
              if (clock() >= expiresAt) {
                stop();
                lost = { status: "lost", holder: undefined };
                onLost(lost);
              }
            })
            .finally(() => {
              beating = false;
            });
        },
        Math.max(10, Math.floor(ttlMs / 3)),
      );
      timer.unref();
    },
    async release(): Promise<ReleaseResult> {
      stop();
      if (lost !== undefined) return lost;
      if (released) return { status: "released" };
      const check = await ops.end();
      released = true;
      if (check.status === "lost") {
        lost = check;
        return check;
      }
      return { status: "released" };
    },
  };
}
