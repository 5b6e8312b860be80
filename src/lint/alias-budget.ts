/**
 * Guards GitHub's workflow parser against alias bombs ("billion laughs"): it expands every YAML
 * alias as it reads, so nine nested levels of ten aliases each would take it hours. Only a file that
 * uses aliases pays for this check: the expanded size is counted on the `yaml` tree, each anchor's
 * size computed once.
 */
import { isAlias, isCollection, isPair, isScalar, LineCounter, parseDocument, type Node } from "yaml";

/** Most nodes a file may expand to through its aliases. */
export const MAX_EXPANDED_NODES = 200_000;

export interface AliasBomb {
  /** UTF-16 offset of the first alias. */
  readonly offset: number;
  readonly nodes: number;
}

const ALIAS = /(?:^|[\s[{,:-])\*[^\s,\]}]/m;

export function aliasBomb(text: string): AliasBomb | undefined {
  if (!ALIAS.test(text)) return undefined;
  const doc = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: false });
  const sizes = new Map<Node, number>();
  let firstAlias: number | undefined;
  const size = (node: unknown, depth: number): number => {
    if (depth > 200) return MAX_EXPANDED_NODES + 1;
    if (isAlias(node)) {
      firstAlias ??= node.range?.[0] ?? 0;
      const target = node.resolve(doc);
      if (target === undefined) return 1;
      const known = sizes.get(target);
      if (known !== undefined) return known;
      sizes.set(target, MAX_EXPANDED_NODES + 1); // a cycle counts as too much until it resolves
      const counted = size(target, depth + 1);
      sizes.set(target, counted);
      return counted;
    }
    if (isScalar(node)) return 1;
    if (isPair(node)) return 1 + size(node.key, depth + 1) + size(node.value, depth + 1);
    if (isCollection(node)) {
      let total = 1;
      for (const item of node.items) {
        total += size(item, depth + 1);
        if (total > MAX_EXPANDED_NODES) return total;
      }
      return total;
    }
    return 1;
  };
  const nodes = size(doc.contents, 0);
  return nodes > MAX_EXPANDED_NODES ? { offset: firstAlias ?? 0, nodes } : undefined;
}
