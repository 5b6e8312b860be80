/**
 * Which jobs a pull request can start. A job is reachable on an event when the workflow has that
 * trigger, its `if:` may be true for it (conditions.ts) and the jobs it needs are reachable too
 * (a skipped dependency skips it, unless its `if:` calls always(), failure() or cancelled()).
 */
import { mayBeTrue, overridesSkips, type Facts } from "./conditions.js";
import type { JobModel, WorkflowDocument } from "./model.js";
import { isBasicExpression, literalText, type TemplateToken } from "./tokens.js";

/** Pull-request triggers: the code or the text of the pull request is someone else's. */
export const PULL_REQUEST_EVENTS = ["pull_request", "pull_request_target"] as const;
/** Triggers a pull request from a fork can fire (its reviews and comments too). */
export const UNTRUSTED_EVENTS = ["pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"] as const;

/** What is known while a pull request's workflow runs; with `fork`, the pull request comes from a fork. */
function factsFor(event: string, fork: boolean): Facts {
  const facts = new Map<string, string | number | boolean | null>([
    ["github.event_name", event],
    ["github.ref_type", "branch"],
  ]);
  if (event !== "pull_request_target") {
    // pull_request_target runs on the base branch's ref, which may well be refs/heads/main.
    facts.set("github.ref", "refs/pull/1/merge");
    facts.set("github.ref_name", "1/merge");
  }
  if (fork) {
    facts.set("github.repository", "owner/repository");
    facts.set("github.event.pull_request.head.repo.fork", true);
    facts.set("github.event.pull_request.head.repo.full_name", "someone-else/repository");
    facts.set("github.event.pull_request.head.repo.owner.login", "someone-else");
    facts.set("github.repository_owner", "owner");
  }
  return facts;
}

export function conditionText(token: TemplateToken | undefined): string | undefined {
  if (token === undefined) return undefined;
  if (isBasicExpression(token)) return token.expression;
  return literalText(token);
}

/** For each job, the first of `events` (present in the workflow's triggers) that can start it. */
export function reachingEvents(doc: WorkflowDocument, events: readonly string[], options: { fork: boolean }): Map<string, string> {
  const reached = new Map<string, string>();
  const byId = new Map(doc.jobs.map((job) => [job.id, job]));
  for (const event of events) {
    if (!doc.events.has(event)) continue;
    const facts = factsFor(event, options.fork);
    const memo = new Map<string, boolean>();
    const reachable = (job: JobModel, seen: Set<string>): boolean => {
      const known = memo.get(job.id);
      if (known !== undefined) return known;
      if (seen.has(job.id)) return true;
      seen.add(job.id);
      const condition = conditionText(job.get("if"));
      let result = condition === undefined || mayBeTrue(condition, facts);
      if (result && !(condition !== undefined && overridesSkips(condition))) {
        result = job.needs.every((need) => {
          const needed = byId.get(need);
          return needed === undefined || reachable(needed, seen);
        });
      }
      memo.set(job.id, result);
      return result;
    };
    for (const job of doc.jobs) if (!reached.has(job.id) && reachable(job, new Set())) reached.set(job.id, event);
  }
  return reached;
}
