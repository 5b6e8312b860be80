/**
 * The incident's verdict: ranked probable causes, each with a confidence, the evidence lines and
 * where each came from, and the next step. Job evidence is ranked by the classifier (classify.ts —
 * the same code as `--classify` and the deploy's failure class): the newest failed deploy job's
 * classification leads, so `causes[0].class` is the class a failover is decided on. The other jobs'
 * matches, the runner host's `_diag` evidence and the state signals follow, by confidence; the same
 * signature seen several times is one cause with every piece of evidence.
 */
import { allowsFailover, classifyJob, matchSignatures, rankMatches, vetoes, type Classification, type SignatureMatch } from "./classify.js";
import type { JobRecord } from "./collect-runs.js";
import type { DiagEntry } from "./diag-lines.js";
import type { FailureClass } from "./signatures.js";
import type { StateMatch } from "./state-signals.js";

export interface Evidence {
  readonly source: string;
  readonly text: string;
}

export interface Cause {
  readonly signature: string;
  readonly class: FailureClass;
  readonly title: string;
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  readonly remediation: string;
  /** The jobs it was seen on (`run/job`), when it came from jobs. */
  readonly jobs: readonly string[];
}

export interface Verdict {
  readonly causes: readonly Cause[];
  /** A failover may follow: the leading cause is a specific runner or infrastructure signature of the newest failed deploy job. */
  readonly failover: boolean;
  /** The newest failed deploy job and its classification, when there is one. */
  readonly decided: { readonly run_id: number; readonly job: string; readonly job_id: number; readonly classification: Classification } | null;
}

const MAX_EVIDENCE = 8;

function confidenceOf(match: SignatureMatch, index: number, all: readonly SignatureMatch[]): number {
  const leader = all[0];
  if (index === 0) return match.strength === "specific" ? 0.9 : 0.6;
  if (leader !== undefined && vetoes(leader) && allowsFailover(match)) return 0.3;
  return match.strength === "specific" ? 0.7 : match.class === "unknown" ? 0.3 : 0.5;
}

function sourceOf(job: JobRecord, line: { source: string; text: string }): Evidence {
  switch (line.source) {
    case "annotation":
      return { source: job.annotations_source, text: line.text };
    case "log":
      return { source: job.log_source, text: line.text };
    case "diag":
      return { source: "this runner host: _diag", text: line.text };
    default:
      return { source: `GET /repos/…/actions/runs/${job.run_id}/jobs (${job.name}) and its runner's state`, text: line.text };
  }
}

class CauseBook {
  readonly #causes = new Map<string, { cause: Cause; order: number }>();
  #order = 0;

  add(id: string, base: Omit<Cause, "evidence" | "jobs" | "confidence">, confidence: number, evidence: readonly Evidence[], job?: string): void {
    const found = this.#causes.get(id);
    if (found === undefined) {
      this.#causes.set(id, {
        cause: { ...base, confidence, evidence: evidence.slice(0, MAX_EVIDENCE), jobs: job === undefined ? [] : [job] },
        order: this.#order++,
      });
      return;
    }
    const seen = found.cause;
    const more = [...seen.evidence, ...evidence.filter((e) => !seen.evidence.some((s) => s.source === e.source && s.text === e.text))].slice(0, MAX_EVIDENCE);
    // Seen again on another job: a little more likely.
    const jobs = job === undefined || seen.jobs.includes(job) ? seen.jobs : [...seen.jobs, job];
    const boosted = jobs.length > seen.jobs.length ? Math.min(0.99, Math.max(seen.confidence, confidence) + 0.03) : Math.max(seen.confidence, confidence);
    found.cause = { ...seen, confidence: Number(boosted.toFixed(2)), evidence: more, jobs };
  }

  list(leading: number): Cause[] {
    const entries = [...this.#causes.values()];
    const head = entries.filter((e) => e.order < leading).sort((a, b) => a.order - b.order);
    const rest = entries.filter((e) => e.order >= leading).sort((a, b) => b.cause.confidence - a.cause.confidence || a.order - b.order);
    return [...head, ...rest].map((e) => e.cause);
  }
}

function matchBase(match: SignatureMatch): Omit<Cause, "evidence" | "jobs" | "confidence"> {
  return { signature: match.id, class: match.class, title: match.title, remediation: match.remediation };
}

export function buildVerdict(
  jobs: readonly JobRecord[],
  diag: readonly DiagEntry[],
  states: readonly StateMatch[],
  diagSource = "this runner host: _diag",
): Verdict {
  const book = new CauseBook();
  const failed = jobs
    .filter((job) => job.facts !== undefined)
    .sort((a, b) => Date.parse(b.completed_at ?? b.created_at) - Date.parse(a.completed_at ?? a.created_at));
  let decided: Verdict["decided"] = null;
  let leading = 0;
  failed.forEach((job, index) => {
    if (job.facts === undefined) return;
    const classification = classifyJob(job.facts);
    const label = `run ${job.run_id} attempt ${job.run_attempt} ${job.name}`;
    if (index === 0) decided = { run_id: job.run_id, job: job.name, job_id: job.id, classification };
    classification.matched.forEach((match, position) => {
      book.add(
        match.id,
        matchBase(match),
        confidenceOf(match, position, classification.matched),
        match.lines.map((line) => sourceOf(job, line)),
        label,
      );
    });
    if (index === 0) leading = classification.matched.length;
  });
  if (diag.length > 0) {
    const hostFacts = {
      status: "completed",
      conclusion: null,
      started: true,
      annotations: [],
      log: undefined,
      runner: undefined,
      diag: diag.map((line) => line.text),
    } as const;
    for (const match of rankMatches(matchSignatures(hostFacts)).filter((m) => m.lines.every((line) => line.source === "diag"))) {
      book.add(
        match.id,
        matchBase(match),
        match.strength === "specific" ? 0.7 : 0.4,
        match.lines.map((line) => ({ source: diagSource, text: line.text })),
      );
    }
  }
  for (const state of states) {
    book.add(
      state.signal.id,
      { signature: state.signal.id, class: state.signal.class, title: state.signal.title, remediation: state.signal.remediation },
      state.signal.confidence,
      state.evidence.map((text) => ({ source: `state: ${state.signal.id}`, text })),
    );
  }
  const causes = book.list(leading);
  const first: Verdict["decided"] = decided;
  const failover = first !== null && (first as NonNullable<Verdict["decided"]>).classification.failover;
  return { causes, failover, decided };
}
