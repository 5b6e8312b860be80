/**
 * A Python regular expression (`~regex` host patterns) as a JavaScript RegExp with `re.match`
 * semantics (anchored at the start only). Python-only syntax is translated: named groups
 * `(?P<n>…)`/`(?P=n)`, `\A`, `\Z`, and leading inline flags such as `(?i)`.
 */
export function pyRegex(source: string): RegExp {
  let flags = "";
  let body = source;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (inline !== null) {
    body = body.slice(inline[0].length);
    for (const flag of inline[1] ?? "") {
      if (flag === "i" || flag === "m" || flag === "s") flags += flags.includes(flag) ? "" : flag;
    }
  }
  body = body
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, "(?<$1>")
    .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, "\\k<$1>")
    .replace(/\\A/g, "^")
    .replace(/\\Z/g, "$(?![\\s\\S])");
  return new RegExp(`^(?:${body})`, flags);
}
