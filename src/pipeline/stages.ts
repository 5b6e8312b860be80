/**
 * The stage log: every stage timed, shown live as it starts and ends, and written to history under
 * the attempt's fence once there is one (stages before the attempt exists are written when it is
 * attached). A write refused by the fence means this process lost the environment lock: `onFenced` is
 * called so the pipeline stops. A stage's detail is masked before it is shown or stored.
 */
import { formatMs } from "../checks/format.js";
import { errorText } from "../checks/format.js";
import type { Sink } from "../output/io.js";
import type { DeployHistoryWriter, Fence, StageRecord, StageStatus } from "../store/types.js";
import type { StageName } from "./types.js";

const MARK: Readonly<Record<StageStatus, string>> = { success: "✓", failure: "✗", error: "?", refused: "⊘", skipped: "–" };

export interface StageOutcome<T> {
  readonly status: StageStatus;
  readonly detail?: string;
  readonly value: T;
}

export class StageLog {
  readonly records: StageRecord[] = [];
  readonly #live: Sink;
  readonly #history: DeployHistoryWriter;
  #attempt: number | undefined;
  #fence: Fence | undefined;
  readonly #onFenced: () => void;
  readonly #mask: (text: string) => string;
  /** How many of `records` are in history. */
  #stored = 0;

  constructor(live: Sink, history: DeployHistoryWriter, onFenced: () => void, mask: (text: string) => string) {
    this.#live = live;
    this.#history = history;
    this.#onFenced = onFenced;
    this.#mask = mask;
  }

  /** Binds the log to its history row and writes the stages recorded before it existed. */
  async attach(attempt: number, fence?: Fence): Promise<void> {
    this.#attempt = attempt;
    if (fence !== undefined) this.#fence = fence;
    while (this.#stored < this.records.length) {
      const record = this.records[this.#stored];
      this.#stored += 1;
      if (record !== undefined) await this.#store(record);
    }
  }

  /** Later writes carry no fence (after the lock is released, the release itself is still recorded). */
  unfence(): void {
    this.#fence = undefined;
  }

  /** Runs one stage: shown when it starts, timed, shown and recorded when it ends. */
  async run<T>(name: StageName, work: () => Promise<StageOutcome<T>>): Promise<StageOutcome<T>> {
    this.#live.write(`▸ ${name} …\n`);
    const started = performance.now();
    const outcome = await work();
    await this.#record({
      name,
      status: outcome.status,
      durationMs: Math.round(performance.now() - started),
      ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
    });
    return outcome;
  }

  /** A stage that did not run (or needs no time): recorded as it is. */
  async mark(name: StageName, status: StageStatus, detail?: string): Promise<void> {
    await this.#record({ name, status, durationMs: 0, ...(detail === undefined ? {} : { detail }) }, status !== "skipped");
  }

  async #record(raw: StageRecord, show = true): Promise<void> {
    const record = raw.detail === undefined ? raw : { ...raw, detail: this.#mask(raw.detail) };
    this.records.push(record);
    if (show)
      this.#live.write(
        `${MARK[record.status]} ${record.name} ${record.status} (${formatMs(record.durationMs)})${record.detail === undefined ? "" : `: ${record.detail}`}\n`,
      );
    if (this.#attempt === undefined) return;
    this.#stored = this.records.length;
    await this.#store(record);
  }

  async #store(record: StageRecord): Promise<void> {
    if (this.#attempt === undefined) return;
    try {
      const written = await this.#history.stage(this.#attempt, record, this.#fence);
      if (written.status === "fenced") this.#onFenced();
    } catch (e: unknown) {
      this.#live.write(`! could not record stage ${record.name} in history: ${errorText(e)}\n`);
    }
  }
}
