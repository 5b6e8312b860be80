/**
 * Reads one file (through the bounded reader) and parses it into the document its kind calls for:
 * workflows and actions with GitHub's own parser (@actions/workflow-parser), runwarden.yml with its
 * schema, playbooks and vars as YAML (merge keys allowed, as Ansible allows them). What cannot be
 * read or parsed comes back as `problems` (reported as `parse-error`, exit 2).
 */
import { NoOperationTraceWriter, parseWorkflow, isMapping } from "@actions/workflow-parser";
import { parseAction } from "@actions/workflow-parser/actions/action-parser";
import type { TemplateParseResult } from "@actions/workflow-parser/templates/template-parse-result";
import { LineCounter, parseDocument } from "yaml";
import { FileReadError, formatBytes, readBoundedSync } from "../files/read.js";
import { actionDocument } from "./action/model.js";
import { aliasBomb, MAX_EXPANDED_NODES } from "./alias-budget.js";
import { parseConfigDocument } from "./config-document.js";
import type { Target } from "./discover.js";
import { kindOf } from "./discover.js";
import { decodeUtf8, fromUtf16, positionAt, positionOfByte, sourceText, type SourceText } from "./source.js";
import type { LintDocument, RawFinding } from "./types.js";
import { workflowDocument } from "./workflow/model.js";

export interface ParsedFile {
  readonly kind: LintDocument["kind"];
  readonly source: SourceText | undefined;
  readonly document: LintDocument | undefined;
  readonly problems: readonly RawFinding[];
}

/** A parser message's first line, without the position it repeats (findings carry it). */
function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "").trim();
}

function templateProblems(source: SourceText, result: TemplateParseResult): RawFinding[] {
  return result.context.errors.getErrors().map((error) => ({
    span: error.range === undefined ? { start: { line: 1, col: 1 } } : { start: fromUtf16(source, error.range.start.line, error.range.start.column) },
    message: firstLine(error.rawMessage),
  }));
}

function parseGithub(kind: "workflow" | "action", source: SourceText): { document?: LintDocument; problems: RawFinding[] } {
  const bomb = aliasBomb(source.text);
  if (bomb !== undefined) {
    return {
      problems: [
        {
          span: { start: positionAt(source, bomb.offset) },
          message: `YAML aliases expand to more than ${MAX_EXPANDED_NODES} nodes: write the values out instead of nesting aliases of aliases`,
        },
      ],
    };
  }
  const file = { name: source.file, content: source.text };
  let result: TemplateParseResult;
  try {
    result = kind === "workflow" ? parseWorkflow(file, new NoOperationTraceWriter()) : parseAction(file, new NoOperationTraceWriter());
  } catch (err: unknown) {
    // The parser recurses once per nesting level: a document nested thousands deep overflows the stack.
    if (!(err instanceof RangeError)) throw err;
    return { problems: [{ span: { start: { line: 1, col: 1 } }, message: "the document nests too deeply to parse" }] };
  }
  const problems = templateProblems(source, result);
  if (problems.length > 0 || result.value === undefined || !isMapping(result.value)) {
    return {
      problems: problems.length > 0 ? problems : [{ span: { start: { line: 1, col: 1 } }, message: `not a ${kind} file: the document is not a mapping` }],
    };
  }
  return { document: kind === "workflow" ? workflowDocument(source, result.value) : actionDocument(source, result.value), problems: [] };
}

function parseAnsible(source: SourceText): { document?: LintDocument; problems: RawFinding[] } {
  if (source.text.startsWith("$ANSIBLE_VAULT;")) return { problems: [] };
  const lineCounter = new LineCounter();
  const yaml = parseDocument(source.text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
  const problems = yaml.errors
    .filter((error) => error.code !== "MULTIPLE_DOCS")
    .map((error) => ({ span: { start: positionAt(source, error.pos[0]) }, message: `YAML: ${firstLine(error.message)}` }));
  if (problems.length > 0) return { problems };
  return { document: { kind: "ansible", source, yaml }, problems: [] };
}

function readFailure(error: FileReadError): string {
  if (error.reason === "too-large") return `larger than ${formatBytes(error.limit ?? 0)} (lint.max_file_size)`;
  return error.message.replace(`${error.path}: `, "");
}

export function parseFile(target: Target, options: { maxBytes: number; configPath: string | undefined }): ParsedFile {
  const read = readTarget(target, options.maxBytes);
  return Buffer.isBuffer(read) ? parseBytes(target, read, options.configPath) : read;
}

/** The file's bytes, or the outcome of a file that cannot be read. */
export function readTarget(target: Target, maxBytes: number): Buffer | ParsedFile {
  try {
    return readBoundedSync(target.path, { maxBytes, raise: "lint.max_file_size in runwarden.yml" });
  } catch (err: unknown) {
    if (!(err instanceof FileReadError)) throw err;
    return {
      kind: "ansible",
      source: undefined,
      document: undefined,
      problems: [{ span: { start: { line: 1, col: 1 } }, message: `cannot read the file: ${readFailure(err)}` }],
    };
  }
}

/** Parses a file's bytes into the document its kind calls for. */
export function parseBytes(target: Target, bytes: Buffer, configPath: string | undefined): ParsedFile {
  const decoded = decodeUtf8(bytes);
  const source = sourceText(target.shown, decoded.text);
  const kind = kindOf(target, decoded.text, configPath);
  const problems: RawFinding[] = [];
  if (decoded.invalidAt !== undefined) {
    problems.push({
      span: { start: positionOfByte(bytes, decoded.invalidAt) },
      message: `not UTF-8: byte 0x${(bytes[decoded.invalidAt] ?? 0).toString(16).padStart(2, "0")} is not valid here; save the file as UTF-8`,
    });
  }
  if (kind === "config") {
    const parsed = parseConfigDocument(source, target.path);
    if ("syntax" in parsed) {
      return {
        kind,
        source,
        document: undefined,
        problems: [
          ...problems,
          ...parsed.syntax.map((p) => ({ span: { start: { line: p.location.line ?? 1, col: p.location.col ?? 1 } }, message: p.message })),
        ],
      };
    }
    return { kind, source, document: parsed.document, problems };
  }
  const parsed = kind === "ansible" ? parseAnsible(source) : parseGithub(kind, source);
  return { kind, source, document: parsed.document, problems: [...problems, ...parsed.problems] };
}
