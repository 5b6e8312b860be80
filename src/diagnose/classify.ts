/**
 * The failure class of a job, from its state and what GitHub recorded about it — and so whether a
 * failover may follow. Pure: facts in, classification out. Only positive evidence of a runner or
 * infrastructure failure allows a failover; an application, target or guard signature vetoes it
 * even beside a runner one (the deploy would fail the same way elsewhere, or someone stopped it),
 * and no evidence at all means no failover (docs/adr/0007-failover-by-failure-class.md).
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
}

export interface SignatureMatch {
  readonly id: string;
  readonly class: FailureClass;
  readonly title: string;
  readonly strength: "specific" | "generic";
  readonly remediation: string;
  /** What matched: the annotation or log line, or the state. */
  readonly evidence: string;
}

export interface Classification {
  /** `none`: the job did not fail. */
  readonly class: FailureClass | "none";
  readonly failover: boolean;
  readonly signature: SignatureMatch | null;
  readonly matched: readonly SignatureMatch[];
  readonly summary: string;
}

/** When signatures of several classes match, the first class here decides (safety first). */
export const CLASS_PRECEDENCE: readonly FailureClass[] = ["guard", "application", "target", "unknown", "runner", "infrastructure"];
const FAILOVER_CLASSES: readonly FailureClass[] = ["runner", "infrastructure"];
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

function matcherEvidence(matcher: Matcher, facts: JobFacts): string | undefined {
  if ("annotation" in matcher) {
    for (const annotation of facts.annotations) {
      for (const text of [annotation.message, annotation.title ?? ""]) if (matcher.annotation.test(text)) return `annotation: ${clip(annotation.message)}`;
    }
    return undefined;
  }
  if ("log" in matcher) {
    if (typeof facts.log !== "string") return undefined;
    const match = new RegExp(matcher.log.source, matcher.log.flags.replace("g", "")).exec(facts.log);
    return match === null ? undefined : `log: ${clip(logLine(facts.log, match))}`;
  }
  return stateHolds(matcher.state, facts);
}

function matchOf(signature: FailureSignature, facts: JobFacts): SignatureMatch | undefined {
  for (const matcher of signature.matchers) {
    const evidence = matcherEvidence(matcher, facts);
    if (evidence !== undefined) {
      return { id: signature.id, class: signature.class, title: signature.title, strength: signature.strength, remediation: signature.remediation, evidence };
    }
  }
  return undefined;
}

export function classifyJob(facts: JobFacts, signatures: readonly FailureSignature[] = SIGNATURES): Classification {
  const matched = signatures.flatMap((signature) => matchOf(signature, facts) ?? []);
  if (facts.status === "completed" && !FAILED.includes(facts.conclusion)) {
    return { class: "none", failover: false, signature: null, matched: [], summary: `the job did not fail (conclusion: ${facts.conclusion ?? "none"})` };
  }
  if (facts.status !== "completed") {
    return { class: "unknown", failover: false, signature: null, matched, summary: `the job has not finished (status: ${facts.status}); classify it once it has` };
  }
  const specific = matched.filter((match) => match.strength === "specific");
  const pool = specific.length > 0 ? specific : matched;
  const decisive = [...pool].sort((a, b) => CLASS_PRECEDENCE.indexOf(a.class) - CLASS_PRECEDENCE.indexOf(b.class))[0];
  if (decisive === undefined) {
    return { class: "unknown", failover: false, signature: null, matched, summary: "no known failure signature matched: no evidence of a runner failure, so no failover" };
  }
  const failover = FAILOVER_CLASSES.includes(decisive.class);
  const vetoed = !failover && pool.some((match) => FAILOVER_CLASSES.includes(match.class));
  const summary = `${decisive.class}: ${decisive.title}${vetoed ? " (a runner signature matched too, but this one decides)" : ""} — ${failover ? "a failover may follow" : "no failover"}`;
  return { class: decisive.class, failover, signature: decisive, matched, summary };
}
