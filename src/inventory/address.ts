/**
 * Ansible's host identifiers: `parse_address` (host, optional `:port`, `[x:y]` ranges, IPv4, IPv6
 * in brackets) and `expand_hostname_range` (`web[01:10]`, `db-[a:f]`, `[0:10:2]`, several ranges
 * in one name). Ported from `ansible/parsing/utils/addresses.py` and `plugins/inventory/__init__.py`.
 */
import { pyIntParse } from "./python/text.js";

export class AddressError extends Error {}

const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const IPV6_COMPONENT = `(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const IPV4_COMPONENT = `(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
const LABEL = String.raw`(?:[\p{L}\p{N}_]|${ALNUM_RANGE})(?:[\p{L}\p{N}_\-]|${ALNUM_RANGE})*(?<![_\-])`;

const c6 = IPV6_COMPONENT;
const c4 = IPV4_COMPONENT;

const PATTERNS = {
  bracketedHostport: /^\[(.+)\]:([0-9]+)$/,
  hostport: /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/,
  ipv4: new RegExp(String.raw`^(?:${c4}\.){3}${c4}$`, "i"),
  ipv6: new RegExp(
    // Python's pattern anchors only its first alternative with ^ (re.match anchors the rest) and only
    // its last with $, so a prefix such as "fe80::" matches: kept as is.
    String.raw`^(?:(?:${c6}:){7}${c6}|(?:${c6}:){1,6}:|(?:${c6}:)(?::${c6}){1,6}|(?:${c6}:){2}(?::${c6}){1,5}|(?:${c6}:){3}(?::${c6}){1,4}|(?:${c6}:){4}(?::${c6}){1,3}|(?:${c6}:){5}(?::${c6}){1,2}|(?:${c6}:){6}(?::${c6})|:(?::${c6}){1,6}|${c6}?::|(?:0:){6}(?:${c6}\.){3}${c6}|::(?:ffff:)?(?:${c6}\.){3}${c6}|(?:0:){5}ffff:(?:${c6}\.){3}${c6}$)`,
    "i",
  ),
  hostname: new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, "iu"),
};

/** Plain ASCII host names (the usual case), which the hostname pattern accepts. */
const SIMPLE_HOSTNAME = /^(?:[A-Za-z0-9]|[A-Za-z0-9_][A-Za-z0-9_-]*[A-Za-z0-9])(?:\.(?:[A-Za-z0-9]|[A-Za-z0-9_][A-Za-z0-9_-]*[A-Za-z0-9]))*$/;

/** A plain ASCII host name without port or range: `parse_address` returns it as it is. */
export function isSimpleHostname(address: string): boolean {
  return SIMPLE_HOSTNAME.test(address);
}

/** `parse_address(address, allow_ranges)`: the host and its port, or AddressError. */
export function parseAddress(address: string, allowRanges: boolean): { host: string; port: number | undefined } {
  if (SIMPLE_HOSTNAME.test(address)) return { host: address, port: undefined };
  let rest = address;
  let port: number | undefined;
  for (const pattern of [PATTERNS.bracketedHostport, PATTERNS.hostport]) {
    const m = pattern.exec(rest);
    if (m !== null) {
      rest = m[1] as string;
      port = Number(m[2]);
    }
  }
  let host: string | undefined;
  for (const pattern of [PATTERNS.ipv4, PATTERNS.ipv6, PATTERNS.hostname]) {
    if (pattern.test(rest)) host = rest;
  }
  if (host === undefined || host === "") throw new AddressError(`Not a valid network hostname: ${rest}`);
  if (!allowRanges && host.includes("[")) throw new AddressError("Detected range in host but was asked to ignore ranges");
  return { host, port };
}

/** Whether `parse_address` recognises `text` as an IP address (used for `inventory_hostname_short`). */
export function isIpAddress(text: string): boolean {
  return PATTERNS.ipv4.test(text) || PATTERNS.ipv6.test(text);
}

export function detectRange(line: string): boolean {
  return line.includes("[");
}

const ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

function toInt(text: string): number {
  const value = pyIntParse(text);
  if (value === undefined) throw new AddressError(`invalid literal for int() with base 10: '${text}'`);
  return Number(value);
}

/** `range(start, stop, step)`, lazily: its length and its i-th item. */
function pyRange(start: number, stop: number, step: number): Sequence {
  if (step === 0) throw new AddressError("range() arg 3 must not be zero");
  const length = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  return { length, at: (i) => start + i * step };
}

/** `seq[start:stop:step]` for a string (Python slice semantics). */
function pySlice(text: string, start: number, stop: number, step: number): Sequence {
  if (step === 0) throw new AddressError("slice step cannot be zero");
  const n = text.length;
  const clamp = (i: number, low: number, high: number): number => Math.min(Math.max(i < 0 ? i + n : i, low), high);
  const out: string[] = [];
  if (step > 0) {
    for (let i = clamp(start, 0, n); i < clamp(stop, 0, n); i += step) out.push(text[i] as string);
  } else {
    for (let i = clamp(start, -1, n - 1); i > clamp(stop, -1, n - 1); i += step) out.push(text[i] as string);
  }
  return { length: out.length, at: (i) => out[i] as string };
}

interface Sequence {
  readonly length: number;
  at(index: number): string | number;
}

/** The first `[x:y(:step)]` range of `line`: the text around it and the items it stands for. */
function firstRange(line: string): { head: string; tail: string; seq: Sequence; fill: (x: string | number) => string } {
  const parts = line.replace("[", "|").replace("]", "|").split("|");
  if (parts.length !== 3) {
    throw new AddressError(parts.length > 3 ? "too many values to unpack (expected 3)" : `not enough values to unpack (expected 3, got ${parts.length})`);
  }
  const [head, nrange, tail] = parts as [string, string, string];
  const bounds = nrange.split(":");
  if (bounds.length !== 2 && bounds.length !== 3) throw new AddressError("host range must be begin:end or begin:end:step");
  let beg = bounds[0] as string;
  const end = bounds[1] as string;
  const step = bounds.length === 2 ? "1" : (bounds[2] as string);
  if (beg === "") beg = "0";
  if (end === "") throw new AddressError("host range must specify end value");
  let fill = (x: string | number): string => String(x);
  if (beg[0] === "0" && beg.length > 1) {
    const width = beg.length;
    if (width !== end.length) throw new AddressError("host range must specify equal-length begin and end formats");
    fill = (x) => {
      const text = String(x);
      return text.startsWith("-") || text.startsWith("+") ? text[0] + text.slice(1).padStart(width - 1, "0") : text.padStart(width, "0");
    };
  }
  let seq: Sequence;
  const iBeg = ASCII_LETTERS.indexOf(beg);
  const iEnd = ASCII_LETTERS.indexOf(end);
  if (iBeg >= 0 && iEnd >= 0) {
    if (iBeg > iEnd) throw new AddressError("host range must have begin <= end");
    try {
      seq = pySlice(ASCII_LETTERS, iBeg, iEnd + 1, toInt(step));
    } catch {
      // Python: a zero or non-numeric step is a ValueError, caught as "not an alpha range".
      seq = pyRange(toInt(beg), toInt(end) + 1, toInt(step));
    }
  } else {
    seq = pyRange(toInt(beg), toInt(end) + 1, toInt(step));
  }
  return { head, tail, seq, fill };
}

/** How many names `line`'s ranges stand for (nested ranges multiplied), or undefined when a range is malformed. */
function rangeSize(line: string, limit: number): number | undefined {
  if (!detectRange(line) || line === "") return line === "" ? 0 : 1;
  let range: ReturnType<typeof firstRange>;
  try {
    range = firstRange(line);
  } catch (err: unknown) {
    if (err instanceof AddressError) return undefined;
    throw err;
  }
  if (range.seq.length === 0) return 0;
  // The names share the text after the range: its own ranges multiply the count.
  const rest = detectRange(range.tail) ? rangeSize(range.tail, limit) : 1;
  if (rest === undefined) return undefined;
  return range.seq.length * rest;
}

/** A range pattern standing for more hosts than allowed. */
export class RangeBudgetError extends AddressError {}

/**
 * `expand_hostname_range(line)`: every name the `[x:y(:step)]` ranges of `line` stand for — at
 * most `limit` of them (RangeBudgetError, found before expanding anything).
 */
export function expandHostnameRange(line: string, limit = Number.POSITIVE_INFINITY, raise = ""): string[] {
  if (line === "") return [];
  const size = rangeSize(line, limit);
  if (size !== undefined && size > limit) {
    throw new RangeBudgetError(
      `the host range '${line}' stands for ${size > 1e15 ? size.toExponential(2) : String(size)} hosts, more than the ${limit} a range may expand to${raise === "" ? "" : ` (raise it with ${raise})`}`,
    );
  }
  const hosts: string[] = [];
  expandInto(line, hosts, limit, raise);
  return hosts;
}

function expandInto(line: string, hosts: string[], limit: number, raise: string): void {
  const { head, tail, seq, fill } = firstRange(line);
  for (let i = 0; i < seq.length; i++) {
    const name = `${head}${fill(seq.at(i))}${tail}`;
    if (detectRange(name)) expandInto(name, hosts, limit, raise);
    else hosts.push(name);
    if (hosts.length > limit)
      throw new RangeBudgetError(
        `the host range '${line}' stands for more than the ${limit} hosts a range may expand to${raise === "" ? "" : ` (raise it with ${raise})`}`,
      );
  }
}
