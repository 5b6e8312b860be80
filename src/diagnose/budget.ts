/**
 * Collectors under one hard budget. Every collector starts at once with a signal that aborts when
 * the budget runs out (or the caller's signal — Ctrl-C — aborts); each source a collector reads is
 * tracked, so when time is up the report names exactly which sources did not answer (reason
 * `budget` or `interrupted`) and keeps everything that did. `runCollectors` returns at the deadline
 * plus a short grace whatever a collector still does: nothing it awaits can hold the report back.
 */

export interface Missing {
  readonly source: string;
  readonly reason: string;
}

export interface Collected {
  readonly source: string;
  /** How many things it returned (runs, runners, lines …). */
  readonly items: number;
  readonly ms: number;
}

export interface CollectorContext {
  readonly signal: AbortSignal;
  /**
   * Reads one source: while `read` runs the source is pending; its answer is recorded as collected,
   * an error (or the budget) as missing, and `undefined` is returned then.
   */
  track<T>(source: string, read: (signal: AbortSignal) => Promise<T>, count?: (value: T) => number): Promise<T | undefined>;
  /** A source that was not read, and why (not applicable, no store …). */
  skip(source: string, reason: string): void;
}

export interface Collector {
  readonly name: string;
  run(ctx: CollectorContext): Promise<void>;
}

export interface BudgetResult {
  readonly collected: readonly Collected[];
  readonly missing: readonly Missing[];
  /** The budget ran out (or the caller aborted) before every collector finished. */
  readonly cut: boolean;
}

/** How long after the deadline the collectors get to unwind before the report goes out anyway. */
export const UNWIND_MS = 250;

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason === "interrupted" ? "interrupted" : "budget";
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

export async function runCollectors(collectors: readonly Collector[], budgetMs: number, now: () => number, outer?: AbortSignal): Promise<BudgetResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort("budget"), budgetMs);
  const onOuter = () => controller.abort("interrupted");
  outer?.addEventListener("abort", onOuter, { once: true });
  if (outer?.aborted === true) controller.abort("interrupted");
  const signal = controller.signal;
  const collected: Collected[] = [];
  const missing: Missing[] = [];
  const pending = new Set<string>();

  const ctx: CollectorContext = {
    signal,
    async track(source, read, count) {
      if (signal.aborted) {
        missing.push({ source, reason: reasonOf(signal) });
        return undefined;
      }
      const started = now();
      pending.add(source);
      try {
        const value = await read(signal);
        if (!pending.delete(source)) return undefined;
        collected.push({ source, items: count === undefined ? 1 : count(value), ms: now() - started });
        return value;
      } catch (e: unknown) {
        if (!pending.delete(source)) return undefined;
        missing.push({ source, reason: signal.aborted ? reasonOf(signal) : errorText(e) });
        return undefined;
      }
    },
    skip(source, reason) {
      missing.push({ source, reason });
    },
  };

  const all = Promise.allSettled(
    collectors.map(async (collector) => {
      try {
        await collector.run(ctx);
      } catch (e: unknown) {
        if (!signal.aborted) missing.push({ source: collector.name, reason: errorText(e) });
      }
    }),
  );
  const stopped = new Promise<void>((resolve) => {
    signal.addEventListener("abort", () => setTimeout(resolve, UNWIND_MS), { once: true });
  });
  await Promise.race([all, stopped]);
  clearTimeout(timer);
  outer?.removeEventListener("abort", onOuter);
  const cut = signal.aborted;
  // Whatever is still pending did not answer in time: listed once, and later answers are ignored.
  for (const source of pending) missing.push({ source, reason: reasonOf(signal) });
  pending.clear();
  if (!signal.aborted) controller.abort("done");
  return { collected: [...collected], missing: [...missing], cut };
}
