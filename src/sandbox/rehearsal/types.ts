/** What the sandbox records: each act's outcome, for `--json` and for the verdict (exit 0 only when every act behaved as expected). */

export const ACT_NAMES = ["good-deploy", "runner-dies", "broken-task", "nothing-healthy"] as const;
export type ActName = (typeof ACT_NAMES)[number];

export interface Expectation {
  readonly what: string;
  readonly ok: boolean;
  /** What was seen, when it was not what was expected. */
  readonly saw?: string;
}

export interface ActRecord {
  readonly name: ActName | "finale";
  readonly title: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly expectations: readonly Expectation[];
  /** The act's recorded outcomes: route choices, failure classes, gate results, … (from each step's --json). */
  readonly outcome: Readonly<Record<string, unknown>>;
  /** Set when the act could not be played to its end. */
  readonly error?: string;
}

export interface SandboxRecord {
  readonly ok: boolean;
  readonly mode: "netns" | "loopback";
  readonly loopback_reason: string | null;
  readonly dir: string;
  readonly kept: boolean;
  readonly wall_ms: number;
  readonly setup_ms: number;
  readonly acts: readonly ActRecord[];
  readonly services: Readonly<Record<string, string>>;
}

/** A small collector of expectations for one act. */
export class Checks {
  readonly list: Expectation[] = [];

  expect(what: string, ok: boolean, saw?: unknown): boolean {
    this.list.push(ok ? { what, ok } : { what, ok, saw: typeof saw === "string" ? saw : JSON.stringify(saw) });
    return ok;
  }

  get ok(): boolean {
    return this.list.every((e) => e.ok);
  }
}
