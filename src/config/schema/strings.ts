/** String-typed leaves with their own rules: templates, address templates, env var names, regexes. */
import { z } from "zod";
import { parseTemplate, templateLiterals, TemplateSyntaxError, type Template } from "../template.js";
import { findLiteralAddress } from "./address.js";
import { fieldMeta, report, type IssueSink } from "./meta.js";

export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TEMPLATE_EXPECTED = "text with optional {{ variable | filter }} expressions";

/** Parses a template for validation, reporting a syntax error at its offset. */
function checkTemplate(text: string, ctx: IssueSink): Template | undefined {
  try {
    return parseTemplate(text);
  } catch (e: unknown) {
    if (!(e instanceof TemplateSyntaxError)) throw e;
    report(ctx, `invalid template: ${e.message}`, {
      offset: e.offset,
      expected: TEMPLATE_EXPECTED,
      ...(e.hint === undefined ? {} : { hint: e.hint }),
    });
    return undefined;
  }
}

/** A template string (see docs/config.md, "Templates"): checked when the config loads, rendered later. */
export function template() {
  return z
    .string()
    .superRefine((text, ctx) => {
      checkTemplate(text, ctx);
    })
    .register(fieldMeta, { type: "template", expected: TEMPLATE_EXPECTED });
}

export interface AddressOptions {
  /** The value must start with http:// or https:// (when it starts with literal text). */
  readonly url?: boolean;
  /** The inventory variable to suggest instead, e.g. `prometheus_url`. */
  readonly variable?: string;
}

/** A template that yields an address: like `template()`, and a literal IP address in it is an error. */
export function addressTemplate(options: AddressOptions = {}) {
  const variable = options.variable ?? "ansible_host";
  const expected = options.url ? `an http(s) URL with a hostname or a template, e.g. {{ ${variable} }}` : `a hostname or a template, e.g. {{ ${variable} }}`;
  return z
    .string()
    .min(1, { error: "must not be empty" })
    .register(fieldMeta, { type: options.url ? "URL template" : "host template", expected })
    .superRefine((text, ctx) => {
      const parsed = checkTemplate(text, ctx);
      if (parsed === undefined) return;
      for (const literal of templateLiterals(parsed)) {
        const found = findLiteralAddress(literal.text);
        if (found === undefined) continue;
        report(ctx, `literal IP address '${found.address}': addresses come from the inventory`, {
          offset: literal.offset + found.offset,
          expected,
          hint: `define the address as an inventory variable and write {{ ${variable} }}, or use a DNS name (e.g. localhost)`,
        });
        return;
      }
      const first = parsed.parts[0];
      if (options.url && first?.kind === "text" && !/^https?:\/\//i.test(first.value) && !/^https?:?\/?\/?$/i.test(first.value)) {
        report(ctx, "not an http(s) URL", { offset: 0, expected, hint: "start the URL with http:// or https://" });
      }
    });
}

/** The name of an environment variable (never its value). */
export function envVarName(what = "an environment variable name") {
  return z
    .string()
    .regex(ENV_NAME_PATTERN, { error: `not an environment variable name` })
    .register(fieldMeta, {
      type: "env var name",
      expected: `${what}, like DEPLOY_SSH_KEY (letters, digits, _; not starting with a digit)`,
      sensitive: true,
      hint: () => "list the NAMES of environment variables that hold secrets; never put a secret value in runwarden.yml",
    });
}

/** A regular expression source, compiled with the `u` flag when the config loads. */
export function regexSource() {
  return z
    .string()
    .min(1, { error: "must not be empty" })
    .register(fieldMeta, { type: "regex", expected: "a JavaScript regular expression, e.g. INFRA-[0-9]+" })
    .superRefine((text, ctx) => {
      try {
        new RegExp(text, "u");
      } catch (e: unknown) {
        const reason = e instanceof SyntaxError ? e.message.replace(/^Invalid regular expression: \/.*\/u?: /s, "") : "invalid";
        report(ctx, `invalid regular expression: ${reason}`, {
          expected: "a JavaScript regular expression (u flag), e.g. INFRA-[0-9]+",
          hint: "escape literal [ ( { * + ? with a backslash",
        });
      }
    });
}

/** A non-empty line of text (names, labels, patterns). */
export function text(expected = "a non-empty string") {
  return z.string().min(1, { error: "must not be empty" }).register(fieldMeta, { type: "string", expected });
}

/** A plain (non-template) http(s) URL whose host is a name, not a literal IP address. */
export function urlString(variable: string) {
  const expected = "an http(s) URL with a hostname, e.g. https://github.example.com/api/v3";
  return z
    .string()
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        report(ctx, "not a URL", { expected, hint: "write the full URL, starting with https://" });
        return;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        report(ctx, `unsupported scheme '${url.protocol}'`, { expected, hint: "use http:// or https://" });
        return;
      }
      const literal = findLiteralAddress(value);
      if (literal !== undefined) {
        report(ctx, `literal IP address '${literal.address}': addresses come from the inventory`, {
          offset: literal.offset,
          expected,
          hint: `use a DNS name (set ${variable} in the environment to point runwarden elsewhere)`,
        });
      }
    })
    .register(fieldMeta, { type: "URL", expected });
}
