/**
 * Python's `fnmatch.translate` (3.11), producing a JavaScript RegExp: `*`, `?`, `[seq]`, `[!seq]`,
 * a lone `[` matching itself; case-sensitive, anchored at both ends, `*` crossing dots and slashes.
 */

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

/** Escapes a class member for a JavaScript character class (no `u` flag). */
function classText(text: string): string {
  return text.replace(/[\\\]^[]/g, (c) => `\\${c}`);
}

export function fnmatchTranslate(pattern: string): RegExp {
  let out = "";
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i] as string;
    i++;
    if (c === "*") {
      if (!out.endsWith("[\\s\\S]*")) out += "[\\s\\S]*";
    } else if (c === "?") {
      out += "[\\s\\S]";
    } else if (c === "[") {
      let j = i;
      if (j < n && pattern[j] === "!") j++;
      if (j < n && pattern[j] === "]") j++;
      while (j < n && pattern[j] !== "]") j++;
      if (j >= n) {
        out += "\\[";
        continue;
      }
      const negate = pattern[i] === "!";
      const body = pattern.slice(negate ? i + 1 : i, j);
      i = j + 1;
      out += classFrom(body, negate);
    } else {
      out += escapeRegex(c);
    }
  }
  return new RegExp(`^(?:${out})$`, "s");
}

/** A `[...]` body: ranges `a-z` kept, reversed ranges dropped (Python removes them). */
function classFrom(body: string, negate: boolean): string {
  const items: string[] = [];
  let k = 0;
  while (k < body.length) {
    const first = body[k] as string;
    if (body[k + 1] === "-" && k + 2 < body.length) {
      const last = body[k + 2] as string;
      if (first <= last) items.push(`${classText(first)}-${classText(last)}`);
      k += 3;
    } else {
      items.push(classText(first));
      k++;
    }
  }
  if (items.length === 0) return negate ? "[\\s\\S]" : "(?!)";
  return `[${negate ? "^" : ""}${items.join("")}]`;
}
