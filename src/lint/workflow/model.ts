/**
 * A workflow as the rules see it: GitHub's parsed token tree (every key keeps its line and column)
 * with the parts the rules ask about pulled out — triggers, jobs, `needs`, `runs-on`, environment,
 * steps. Built only from a workflow GitHub's parser accepted.
 */
import type { SourceText } from "../source.js";
import { analyseRunsOn, type RunsOn } from "./runs-on.js";
import { child, entries, isMapping, isSequence, isString, items, literalText, scriptText, type MappingToken, type TemplateToken } from "./tokens.js";

export interface StepModel {
  readonly token: MappingToken;
  readonly uses?: TemplateToken;
  readonly run?: TemplateToken;
  readonly env?: TemplateToken;
  readonly with?: TemplateToken;
}

export interface EnvironmentRef {
  readonly token: TemplateToken;
  /** The name as written; undefined when it is an expression. */
  readonly name: string | undefined;
  /** The token holding the name (for positions). */
  readonly nameToken: TemplateToken | undefined;
  /** The name as written, expressions included (`${{ inputs.environment }}-approval`). */
  readonly written: string;
  /** `deployment: false`: the job uses the environment's secrets and variables without a deployment (and without approval). */
  readonly deployment: boolean;
}

export interface JobModel {
  readonly id: string;
  readonly idToken: TemplateToken;
  readonly token: MappingToken;
  readonly needs: readonly string[];
  /** A call of a reusable workflow (`uses:` at job level). */
  readonly reusable: boolean;
  readonly runsOn: RunsOn;
  readonly environment: EnvironmentRef | undefined;
  readonly steps: readonly StepModel[];
  get(key: string): TemplateToken | undefined;
}

export interface WorkflowDocument {
  readonly kind: "workflow";
  readonly source: SourceText;
  readonly root: MappingToken;
  /** Trigger names (`push`, `pull_request` …) with the token naming each. */
  readonly events: ReadonlyMap<string, TemplateToken>;
  readonly jobs: readonly JobModel[];
  get(key: string): TemplateToken | undefined;
}

function events(on: TemplateToken | undefined): Map<string, TemplateToken> {
  const found = new Map<string, TemplateToken>();
  if (on === undefined) return found;
  if (isString(on)) {
    found.set(on.value, on);
  } else if (isSequence(on)) {
    for (const item of items(on)) if (isString(item)) found.set(item.value, item);
  } else if (isMapping(on)) {
    for (const entry of entries(on)) found.set(entry.key, entry.keyToken);
  }
  return found;
}

export function environmentRef(token: TemplateToken | undefined): EnvironmentRef | undefined {
  if (token === undefined) return undefined;
  if (isMapping(token)) {
    const name = child(token, "name");
    return {
      token,
      name: literalText(name),
      nameToken: name,
      written: scriptText(name) ?? "",
      deployment: literalText(child(token, "deployment")) !== "false",
    };
  }
  return { token, name: literalText(token), nameToken: token, written: scriptText(token) ?? "", deployment: true };
}

function steps(token: TemplateToken | undefined): StepModel[] {
  return items(token).flatMap((step): StepModel[] => {
    if (!isMapping(step)) return [];
    const pick = (key: string) => child(step, key);
    const model: { -readonly [K in keyof StepModel]: StepModel[K] } = { token: step };
    const uses = pick("uses");
    const run = pick("run");
    const env = pick("env");
    const withInputs = pick("with");
    if (uses !== undefined) model.uses = uses;
    if (run !== undefined) model.run = run;
    if (env !== undefined) model.env = env;
    if (withInputs !== undefined) model.with = withInputs;
    return [model];
  });
}

export { steps as stepModels };

function needs(token: TemplateToken | undefined): string[] {
  if (token === undefined) return [];
  if (isString(token)) return [token.value];
  return items(token).flatMap((item) => (isString(item) ? [item.value] : []));
}

export function workflowDocument(source: SourceText, root: MappingToken): WorkflowDocument {
  const jobs = entries(child(root, "jobs")).flatMap(({ key, keyToken, value }): JobModel[] => {
    if (!isMapping(value)) return [];
    return [
      {
        id: key,
        idToken: keyToken,
        token: value,
        needs: needs(child(value, "needs")),
        reusable: child(value, "uses") !== undefined,
        runsOn: analyseRunsOn(child(value, "runs-on"), child(value, "strategy")),
        environment: environmentRef(child(value, "environment")),
        steps: steps(child(value, "steps")),
        get: (k) => child(value, k),
      },
    ];
  });
  return { kind: "workflow", source, root, events: events(child(root, "on")), jobs, get: (key) => child(root, key) };
}
