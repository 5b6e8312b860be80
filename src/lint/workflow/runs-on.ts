/**
 * Every form `runs-on` takes — a label, a list of labels, `{group, labels}`, expressions in any of
 * them (`${{ matrix.os }}`, `${{ fromJSON(needs.route.outputs.labels) }}`) — reduced to what the
 * rules ask: which labels and group are written out, whether the value is computed, whether it is
 * computed from another job's outputs (a route job), and the label sets a static matrix yields.
 */
import { child, interpolations, isBasicExpression, isMapping, isSequence, isString, items, type TemplateToken } from "./tokens.js";

export interface Labelled {
  readonly value: string;
  readonly token: TemplateToken;
}

export interface RunsOn {
  readonly token: TemplateToken | undefined;
  /** Labels written as literals. */
  readonly labels: readonly Labelled[];
  /** A group written as a literal. */
  readonly group: Labelled | undefined;
  /** The mapping form names a group (literal or computed). */
  readonly grouped: boolean;
  /** Some part is an expression. */
  readonly computed: boolean;
  /** Some expression reads `needs.<job>.outputs` (the runner was chosen by an earlier job). */
  readonly routed: boolean;
  /** Label sets from a static `strategy.matrix` when runs-on reads `matrix.<key>`. */
  readonly matrixLabels: readonly (readonly string[])[];
}

const MATRIX_REF = /^\s*matrix\.([A-Za-z_][\w-]*)\s*$/;

/** The values `matrix.<key>` takes in a static matrix (its list and its `include` entries). */
function matrixValues(strategy: TemplateToken | undefined, key: string): string[][] {
  const matrix = child(strategy, "matrix");
  if (matrix === undefined || !isMapping(matrix)) return [];
  const asLabels = (token: TemplateToken | undefined): string[] | undefined => {
    if (token === undefined) return undefined;
    if (isString(token)) return [token.value];
    if (isSequence(token)) {
      const labels = items(token).flatMap((item) => (isString(item) ? [item.value] : []));
      return labels.length > 0 ? labels : undefined;
    }
    return undefined;
  };
  const values: string[][] = [];
  for (const item of items(child(matrix, key))) {
    const labels = asLabels(item);
    if (labels !== undefined) values.push(labels);
  }
  for (const entry of items(child(matrix, "include"))) {
    const labels = asLabels(child(entry, key));
    if (labels !== undefined) values.push(labels);
  }
  return values;
}

export function analyseRunsOn(token: TemplateToken | undefined, strategy: TemplateToken | undefined): RunsOn {
  const labels: Labelled[] = [];
  const expressions: string[] = [];
  let group: Labelled | undefined;
  const take = (value: TemplateToken | undefined, into: "labels" | "group"): void => {
    if (value === undefined) return;
    if (isString(value)) {
      if (into === "group") group = { value: value.value, token: value };
      else labels.push({ value: value.value, token: value });
    } else if (isBasicExpression(value)) {
      expressions.push(...interpolations(value).map((i) => i.expression));
    } else if (isSequence(value)) {
      for (const item of items(value)) take(item, into);
    }
  };
  if (token !== undefined && isMapping(token)) {
    take(child(token, "group"), "group");
    take(child(token, "labels"), "labels");
  } else {
    take(token, "labels");
  }
  const matrixLabels = expressions.flatMap((expression) => {
    const key = MATRIX_REF.exec(expression)?.[1];
    return key === undefined ? [] : matrixValues(strategy, key);
  });
  return {
    token,
    labels,
    group,
    grouped: token !== undefined && isMapping(token) && child(token, "group") !== undefined,
    computed: expressions.length > 0,
    routed: expressions.some((expression) => /\bneeds\s*\.\s*[\w-]+\s*\.\s*outputs\b/.test(expression)),
    matrixLabels,
  };
}
