/**
 * The failure class of a job, from its state and what GitHub recorded about it — and so whether a
 * failover may follow. Pure: facts in, ranked matches and a decision out. One implementation: the
 * deploy's failure class, `diagnose --classify` and the incident report's ranking all come from here.
 *
 * Failover only on positive evidence (docs/adr/0007-failover-by-failure-class.md):
 * - application, target and guard evidence always vetoes — a failed task on a host that answered, a
 *   gate failure, a step that exited by itself with a non-zero code, someone cancelling — even beside
 *   a runner signature: the deploy would fail the same way elsewhere, or someone stopped it;
 * - only a *specific* runner or infrastructure signature can decide a failover; "the runner is
 *   offline after the failure" is generic and of class unknown (ephemeral runners are offline after
 *   every job), as is a missing log;
 * - no evidence at all means no failover.
 */
import { SIGNATURES, type FailureClass, type FailureSignature, type JobConclusion, type Matcher, type StateMatcher } from "./signatures.js";

export interface JobFacts {
  readonly status: string;
  readonly conclusion: JobConclusion | null;
  /** The job was given a runner at some point. */
  readonly started: boolean;
  readonly annotations: readonly { readonly message: string; readonly title: string | null }[];
  /** The job's log; null: GitHub has none; undefined: not read. */
  readonly log: string | null | undefined;
  /** Its runner's state now; undefined: unknown (hosted, or could not be read). */
  readonly runner: { readonly status: "online" | "offline"; readonly busy: boolean } | undefined;
  /** ERR/CRIT lines of the runner host's `_diag` logs, when read on that host. */
  readonly diag?: readonly string[];
}

export type EvidenceSource = "annotation" | "log" | "diag" | "state";

export interface SignatureMatch {
  readonly id: string;
  readonly class: FailureClass;
  readonly title: string;
  readonly strength: "specific" | "generic";
  readonly remediation: string;
  /** What matched: the annotation, log or `_diag` line, or the state (`annotation: …`). */
  readonly evidence: string;
  /** Every line that matched, each with where it came from. */
  readonly lines: readonly { readonly source: EvidenceSource; readonly text: string }[];
}

export interface Classification {
  /** `none`: the job did not fail. */
  readonly class: FailureClass | "none";
  readonly failover: boolean;
  readonly signature: SignatureMatch | null;
  /** Every match, most likely first (the deciding one first). */
  readonly matched: readonly SignatureMatch[];
  readonly summary: string;
}

/** Among matches of equal strength, the first class here decides (safety first). */
export const CLASS_PRECEDENCE: readonly FailureClass[] = ["guard", "application", "target", "unknown", "runner", "infrastructure"];
export const FAILOVER_CLASSES: readonly FailureClass[] = ["runner", "infrastructure"];
const FAILED: readonly (JobConclusion | null)[] = ["failure", "cancelled", "timed_out"];

function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function logLine(log: string, match: RegExpExecArray): string {
  const start = log.lastIndexOf("\n", match.index) + 1;
  const end = log.indexOf("\n", match.index);
  return log.slice(start, end === -1 ? undefined : end);
}

function stateHolds(state: StateMatcher, facts: JobFacts): string | undefined {
  if (state.conclusion !== undefined && (facts.conclusion === null || !state.conclusion.includes(facts.conclusion))) return undefined;
  if (state.neverStarted !== undefined && state.neverStarted === facts.started) return undefined;
  if (state.noLog === true && facts.log !== null) return undefined;
  if (state.runner !== undefined) {
    if (facts.runner?.status !== "offline") return undefined;
    if (state.runner === "offline-busy" && !facts.runner.busy) return undefined;
  }
  const parts = [
    `conclusion ${facts.conclusion ?? "none"}`,
    ...(state.neverStarted === true ? ["never got a runner"] : []),
    ...(state.noLog === true ? ["no log"] : []),
    ...(state.runner === undefined ? [] : [`runner ${facts.runner?.status ?? "?"}${facts.runner?.busy === true ? " and busy" : ""}`]),
  ];
  return parts.join(", ");
}

type Line = { readonly source: EvidenceSource; readonly text: string };

function matcherLines(matcher: Matcher, facts: JobFacts): Line[] | undefined {
  if ("all" in matcher) {
    const parts = matcher.all.map((inner) => matcherLines(inner, facts));
    return parts.every((part) => part !== undefined) ? parts.flatMap((part) => part ?? []) : undefined;
  }
  if ("annotation" in matcher) {
    for (const annotation of facts.annotations) {
      for (const text of [annotation.message, annotation.title ?? ""])
        if (matcher.annotation.test(text)) return [{ source: "annotation", text: clip(annotation.message) }];
    }
    return undefined;
  }
  if ("log" in matcher) {
    if (typeof facts.log !== "string") return undefined;
    const match = new RegExp(matcher.log.source, matcher.log.flags.replace("g", "")).exec(facts.log);
    return match === null ? undefined : [{ source: "log", text: clip(logLine(facts.log, match)) }];
  }
  if ("diag" in matcher) {
    const line = facts.diag?.find((text) => matcher.diag.test(text));
    return line === undefined ? undefined : [{ source: "diag", text: clip(line) }];
  }
  const state = stateHolds(matcher.state, facts);
  return state === undefined ? undefined : [{ source: "state", text: state }];
}

function matchOf(signature: FailureSignature, facts: JobFacts): SignatureMatch | undefined {
  if (signature.unless?.some((matcher) => matcherLines(matcher, facts) !== undefined) === true) return undefined;
  for (const matcher of signature.matchers) {
    const lines = matcherLines(matcher, facts);
    if (lines !== undefined) {
      const evidence = lines.map((line) => `${line.source}: ${line.text}`).join(" + ");
      return {
        id: signature.id,
        class: signature.class,
        title: signature.title,
        strength: signature.strength,
        remediation: signature.remediation,
        evidence,
        lines,
      };
    }
  }
  return undefined;
}

/** Every signature the facts match, in the list's order. */
export function matchSignatures(facts: JobFacts, signatures: readonly FailureSignature[] = SIGNATURES): SignatureMatch[] {
  return signatures.flatMap((signature) => matchOf(signature, facts) ?? []);
}

/** Evidence that a failover must not follow: application, target, or a specific guard (someone or something stopped it). */
export function vetoes(match: Pick<SignatureMatch, "class" | "strength">): boolean {
  return match.class === "application" || match.class === "target" || (match.class === "guard" && match.strength === "specific");
}

function order(a: SignatureMatch, b: SignatureMatch): number {
  const strength = (m: SignatureMatch) => (m.strength === "specific" ? 0 : 1);
  return strength(a) - strength(b) || CLASS_PRECEDENCE.indexOf(a.class) - CLASS_PRECEDENCE.indexOf(b.class);
}

/**
 * Matches most likely first: when any match vetoes a failover, the best vetoing one leads (so the
 * leading class never says "runner" beside application evidence); otherwise specific before
 * generic, then by class precedence, then in the list's order.
 */
export function rankMatches(matched: readonly SignatureMatch[]): SignatureMatch[] {
  const sorted = [...matched].sort(order);
  const veto = sorted.find(vetoes);
  return veto === undefined ? sorted : [veto, ...sorted.filter((match) => match !== veto)];
}

/** A failover may follow this leading match: a specific runner or infrastructure signature. */
export function allowsFailover(match: SignatureMatch | undefined): boolean {
  return match !== undefined && match.strength === "specific" && FAILOVER_CLASSES.includes(match.class);
}

export function classifyJob(facts: JobFacts, signatures: readonly FailureSignature[] = SIGNATURES): Classification {
  if (facts.status === "completed" && !FAILED.includes(facts.conclusion)) {
    return { class: "none", failover: false, signature: null, matched: [], summary: `the job did not fail (conclusion: ${facts.conclusion ?? "none"})` };
  }
  const matched = rankMatches(matchSignatures(facts, signatures));
  if (facts.status !== "completed") {
    return {
      class: "unknown",
      failover: false,
      signature: null,
      matched,
      summary: `the job has not finished (status: ${facts.status}); classify it once it has`,
    };
  }
  const decisive = matched[0];
  if (decisive === undefined) {
    return {
      class: "unknown",
      failover: false,
      signature: null,
      matched,
      summary: "no known failure signature matched: no evidence of a runner failure, so no failover",
    };
  }
  const failover = allowsFailover(decisive);
  const vetoed = !failover && matched.some((match) => allowsFailover(match));
  const note = vetoed
    ? " (a runner signature matched too, but this evidence vetoes a failover)"
    : decisive.strength === "generic" && !failover
      ? " (generic: not evidence of a runner failure)"
      : "";
  const summary = `${decisive.class}: ${decisive.title}${note} — ${failover ? "a failover may follow" : "no failover"}`;
  return { class: decisive.class, failover, signature: decisive, matched, summary };
}
