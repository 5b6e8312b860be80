/**
 * The source ranges of every scalar in a document (keys and values, scripts included; comments
 * not), for rules that scan text as written: literal addresses. A node reached twice through a YAML
 * alias is listed once.
 */
import { isScalar, visit, type Document } from "yaml";
import { offsets, isMapping, isSequence, type TemplateToken } from "./workflow/tokens.js";
import type { SourceText } from "./source.js";

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** Scalars of GitHub's token tree (workflows, actions). */
export function tokenScalarRanges(source: SourceText, root: TemplateToken): TextRange[] {
  const seen = new Set<string>();
  const ranges: TextRange[] = [];
  const add = (token: TemplateToken): void => {
    const span = offsets(source, token.range);
    if (span === undefined || seen.has(`${span[0]}:${span[1]}`)) return;
    seen.add(`${span[0]}:${span[1]}`);
    ranges.push({ start: span[0], end: span[1] });
  };
  const stack: TemplateToken[] = [root];
  while (stack.length > 0) {
    const token = stack.pop();
    if (token === undefined) break;
    if (isMapping(token)) {
      for (const pair of token) {
        add(pair.key);
        stack.push(pair.value);
      }
    } else if (isSequence(token)) {
      for (let i = 0; i < token.count; i++) stack.push(token.get(i));
    } else {
      add(token);
    }
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** Scalars of a `yaml` document (runwarden.yml, playbooks, vars). */
export function yamlScalarRanges(doc: Document.Parsed): TextRange[] {
  const ranges: TextRange[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && node.range !== undefined && node.range !== null) ranges.push({ start: node.range[0], end: node.range[1] });
    },
  });
  return ranges.sort((a, b) => a.start - b.start);
}
