/** Errors raised by template parsing and rendering. Both are bad input (exit 2). */
import { InputError } from "../../model/errors.js";
import type { ErrorCode } from "../../model/error-codes.js";

/** 1-based line and column (in code points) of a UTF-16 offset inside `text`. */
export function positionIn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf("\n") + 1;
  let line = 1;
  for (let i = before.indexOf("\n"); i !== -1; i = before.indexOf("\n", i + 1)) line++;
  return { line, column: Array.from(before.slice(lineStart)).length + 1 };
}

/** The template text is not valid: `offset` (0-based, UTF-16) points at the problem. */
export class TemplateSyntaxError extends InputError {
  readonly offset: number;
  /** 1-based line inside the template text. */
  readonly line: number;
  /** 1-based column (code points) inside the template text. */
  readonly column: number;

  constructor(message: string, source: string, offset: number, options?: { hint?: string }) {
    const { line, column } = positionIn(source, offset);
    super("RW_TEMPLATE_SYNTAX", message, [], options);
    this.offset = offset;
    this.line = line;
    this.column = column;
  }
}

/** Rendering failed: a filter could not apply to its value. */
export class TemplateRenderError extends InputError {
  /** Offset of the `{{` of the failing expression. */
  readonly offset: number;

  constructor(message: string, offset: number, options?: { hint?: string; code?: ErrorCode }) {
    super(options?.code ?? "RW_TEMPLATE_RENDER", message, [], options?.hint === undefined ? undefined : { hint: options.hint });
    this.offset = offset;
  }
}

/** A variable the template needs is not defined, and no `default` filter covers it. */
export class UndefinedVariableError extends TemplateRenderError {
  /** The variable path as written, e.g. `ansible_host` or `hostvars.web1.ansible_port`. */
  readonly variable: string;

  constructor(variable: string, offset: number) {
    super(`undefined template variable '${variable}'`, offset, {
      code: "RW_TEMPLATE_UNDEFINED",
      hint: `define '${variable}' in the inventory (host or group vars), or give a fallback: {{ ${variable} | default('…') }}`,
    });
    this.variable = variable;
  }
}
