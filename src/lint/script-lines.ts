/** The lines of a scalar as written in the file (a `run:` script), each with its position. */
import type { TokenRange } from "@actions/workflow-parser/templates/tokens/token-range";
import { offsetAt, positionAt, type SourceText } from "./source.js";
import type { Position } from "./types.js";

export interface ScriptLine {
  readonly text: string;
  /** UTF-16 offset of the line's first character in the file. */
  readonly offset: number;
}

export function scriptLines(source: SourceText, range: TokenRange | undefined): ScriptLine[] {
  if (range === undefined) return [];
  const start = offsetAt(source, range.start.line, range.start.column);
  const end = offsetAt(source, range.end.line, range.end.column);
  const lines: ScriptLine[] = [];
  let offset = start;
  for (const text of source.text.slice(start, end).split("\n")) {
    lines.push({ text: text.replace(/\r$/, ""), offset });
    offset += text.length + 1;
  }
  return lines;
}

export function positionIn(source: SourceText, line: ScriptLine, index: number): Position {
  return positionAt(source, line.offset + index);
}
