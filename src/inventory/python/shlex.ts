/**
 * Python's `shlex.split(line, comments=True)` (POSIX mode, whitespace_split): how Ansible's INI
 * plugin splits a host line into the host pattern and `key=value` tokens. Quotes are removed here,
 * before the value is read as a Python literal — which is why `x="1"` is the int 1.
 */

export class ShlexError extends Error {}

const WHITESPACE = new Set([" ", "\t", "\r", "\n"]);

const SPECIAL = /['"\\#]/;

export function shlexSplit(line: string): string[] {
  // Without quotes, escapes or comments, shlex is a split on its four whitespace characters.
  if (!SPECIAL.test(line)) {
    const tokens: string[] = [];
    let start = -1;
    for (let i = 0; i <= line.length; i++) {
      const c = i < line.length ? line.charCodeAt(i) : 32;
      const space = c === 32 || c === 9 || c === 13 || c === 10;
      if (!space && start < 0) start = i;
      else if (space && start >= 0) {
        tokens.push(line.slice(start, i));
        start = -1;
      }
    }
    return tokens;
  }
  const tokens: string[] = [];
  let state = " " as " " | "a" | "'" | '"' | "\\";
  let escapedState = "a" as "a" | '"';
  let token = "";
  let quoted = false;
  const emit = (): void => {
    if (token !== "" || quoted) tokens.push(token);
    token = "";
    quoted = false;
  };
  let i = 0;
  for (; i < line.length; i++) {
    const c = line[i] as string;
    if (state === " ") {
      if (WHITESPACE.has(c)) continue;
      if (c === "#") break;
      if (c === "\\") {
        escapedState = "a";
        state = "\\";
      } else if (c === "'" || c === '"') {
        state = c;
      } else {
        token = c;
        state = "a";
      }
    } else if (state === "a") {
      if (WHITESPACE.has(c)) {
        state = " ";
        emit();
      } else if (c === "#") {
        state = " ";
        break;
      } else if (c === "'" || c === '"') {
        state = c;
      } else if (c === "\\") {
        escapedState = "a";
        state = "\\";
      } else {
        token += c;
      }
    } else if (state === "'" || state === '"') {
      quoted = true;
      if (c === state) {
        state = "a";
      } else if (c === "\\" && state === '"') {
        escapedState = state;
        state = "\\";
      } else {
        token += c;
      }
    } else {
      // Escape state: inside double quotes only `"` and `\` may be escaped.
      if (escapedState === '"' && c !== "\\" && c !== escapedState) token += "\\";
      token += c;
      state = escapedState;
    }
  }
  if (state === "'" || state === '"') throw new ShlexError("No closing quotation");
  if (state === "\\") throw new ShlexError("No escaped character");
  emit();
  return tokens;
}
