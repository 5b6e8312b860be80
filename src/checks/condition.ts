/**
 * Conditions over a Prometheus query result, in CEL (@marcbachmann/cel-js): `result < 0.01`,
 * `size(result) >= 3`, `result.all(r, r.value > 0.95)`. Parsed and type-checked once, up front.
 *
 * How `result` is bound is decided by the condition's type, not by the data (docs/gates.md):
 * - a condition that type-checks with `result` as a number (`double`) is a **number condition**:
 *   a scalar, or a vector/matrix with exactly one series, binds `result` to that value; more than
 *   one series is an `error` (aggregate in PromQL, or write a list condition);
 * - otherwise, if it type-checks with `result` as a list of `{labels, value}` maps (a matrix series
 *   also has `values`), it is a **list condition**: every series is bound, in a stable order.
 * An empty result is "no data" in both cases: the gate's `no_data` policy decides, never the
 * condition (`result.all(…)` over nothing would be vacuously true). NaN compares false. A condition
 * that does not evaluate to a boolean, or fails to evaluate, is an `error`.
 */
import { Environment } from "@marcbachmann/cel-js";
import { InputError } from "../model/errors.js";
import { errorText } from "./format.js";
import { formatSampleValue, type QueryResult, type Sample } from "./prometheus-api.js";

export type ConditionShape = "number" | "list";

export interface Condition {
  readonly source: string;
  readonly shape: ConditionShape;
  /** Evaluates with `result` bound; throws on evaluation errors. */
  readonly evaluate: (result: unknown) => unknown;
}

export type ConditionOutcome =
  | { readonly status: "pass" | "fail"; readonly summary: string; readonly value?: number | string }
  | { readonly status: "no_data"; readonly summary: string }
  | { readonly status: "error"; readonly summary: string };

function environment(resultType: string): Environment {
  return new Environment({ unlistedVariablesAreDyn: false })
    .registerVariable("result", resultType)
    .registerFunction("isNaN(double): bool", (x: number) => Number.isNaN(x))
    .registerFunction("isInf(double): bool", (x: number) => x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY)
    .registerOperator("double == int", (a: number, b: bigint) => a === Number(b));
}

let environments: { number: Environment; list: Environment } | undefined;

function envs(): { number: Environment; list: Environment } {
  environments ??= { number: environment("double"), list: environment("list<map<string, dyn>>") };
  return environments;
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").trim();
}

/** Parses and type-checks `source`. Throws `InputError` (RW_CONDITION_INVALID) naming the problem. */
export function parseCondition(source: string): Condition {
  const { number, list } = envs();
  const asNumber = number.check(source);
  const asList = asNumber.valid ? undefined : list.check(source);
  const chosen = asNumber.valid ? { env: number, check: asNumber, shape: "number" as const } : { env: list, check: asList, shape: "list" as const };
  if (chosen.check?.valid !== true) {
    const numberError = firstLine(asNumber.error?.message ?? "");
    const listError = firstLine(asList?.error?.message ?? "");
    const hint = /\[\d+\]\s*[<>=!]/.test(source)
      ? "list items are {labels, value} maps: write result[0].value, or compare result directly when the query returns one series"
      : "e.g. `result < 0.01` (one value), or `result.all(r, r.value > 0.95)` (every series)";
    throw new InputError(
      "RW_CONDITION_INVALID",
      `invalid condition '${source}': ${numberError}${listError !== "" && listError !== numberError ? ` (as a list: ${listError})` : ""}`,
      [],
      { hint },
    );
  }
  if (chosen.check.type !== "bool") {
    throw new InputError("RW_CONDITION_INVALID", `condition '${source}' is a ${chosen.check.type ?? "non-boolean"}, not true/false`, [], {
      hint: "compare the result with something, e.g. `result < 0.01`",
    });
  }
  const compiled = chosen.env.parse(source);
  return { source, shape: chosen.shape, evaluate: (result) => compiled({ result }) };
}

function seriesOf(result: QueryResult): readonly Sample[] | undefined {
  if (result.type === "vector" || result.type === "matrix") return result.samples;
  if (result.type === "scalar") return [{ labels: {}, value: result.value }];
  return undefined;
}

function labelKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key] ?? ""}`)
    .join(",");
}

function describeSeries(sample: Sample): string {
  const key = labelKey(sample.labels);
  return `${key === "" ? "{}" : `{${key}}`} ${formatSampleValue(sample.value)}`;
}

/** Binds `result` per the condition's shape, evaluates, and says pass / fail / no_data / error. */
export function evaluateCondition(condition: Condition, result: QueryResult): ConditionOutcome {
  const series = seriesOf(result);
  if (series === undefined) return { status: "error", summary: `query returned a ${result.type}; conditions need a number, vector or matrix` };
  if (series.length === 0) return { status: "no_data", summary: "query returned no data (empty result)" };
  let bound: unknown;
  let shown: string;
  let value: number | string | undefined;
  if (condition.shape === "number") {
    const [only] = series;
    if (series.length > 1 || only === undefined) {
      return {
        status: "error",
        summary: `condition '${condition.source}' expects one value; the query returned ${series.length} series (aggregate with sum()/max(), or write a list condition such as result.all(r, r.value < 0.01))`,
      };
    }
    bound = only.value;
    shown = `result = ${formatSampleValue(only.value)}`;
    value = Number.isFinite(only.value) ? only.value : formatSampleValue(only.value);
  } else {
    const sorted = [...series].sort((a, b) => labelKey(a.labels).localeCompare(labelKey(b.labels)));
    bound = sorted.map((s) => ({ labels: { ...s.labels }, value: s.value, ...(s.values === undefined ? {} : { values: [...s.values] }) }));
    shown = `${sorted.length} series: ${sorted.slice(0, 3).map(describeSeries).join("; ")}${sorted.length > 3 ? "; …" : ""}`;
  }
  let verdict: unknown;
  try {
    verdict = condition.evaluate(bound);
  } catch (e: unknown) {
    return { status: "error", summary: `condition '${condition.source}' could not be evaluated: ${firstLine(errorText(e))}` };
  }
  if (typeof verdict !== "boolean") return { status: "error", summary: `condition '${condition.source}' gave ${String(verdict)}, not true/false` };
  const base = verdict
    ? { status: "pass" as const, summary: `${shown}: ${condition.source} holds` }
    : { status: "fail" as const, summary: `${shown}: ${condition.source} is false` };
  return value === undefined ? base : { ...base, value };
}
