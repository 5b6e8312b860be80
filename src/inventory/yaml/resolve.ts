/**
 * PyYAML's YAML 1.1 scalar resolution (`yaml.resolver.Resolver`) and `SafeConstructor` scalar
 * constructors, which Ansible uses: `yes`/`on` are booleans, `017` is octal 15, `0b101` is 5,
 * `1:30` is the sexagesimal 90, `1e5` (no dot) is a string, `2001-12-14` is a date.
 */
import { PyDate, PyFloat, pyInt, type PyValue } from "../value.js";

export const TAG = {
  bool: "tag:yaml.org,2002:bool",
  float: "tag:yaml.org,2002:float",
  int: "tag:yaml.org,2002:int",
  merge: "tag:yaml.org,2002:merge",
  null: "tag:yaml.org,2002:null",
  timestamp: "tag:yaml.org,2002:timestamp",
  value: "tag:yaml.org,2002:value",
  str: "tag:yaml.org,2002:str",
  seq: "tag:yaml.org,2002:seq",
  map: "tag:yaml.org,2002:map",
} as const;

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const MERGE = /^(?:<<)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
const VALUE = /^(?:=)$/;

/** Python's `re.match(...)` with `$` also matches before one trailing newline. */
function matches(re: RegExp, value: string): boolean {
  return re.test(value) || (value.endsWith("\n") && re.test(value.slice(0, -1)));
}

/** The tag PyYAML gives a plain (unquoted, untagged) scalar. */
export function resolvePlainTag(value: string): string {
  const first = value[0];
  if (first === undefined) return TAG.null;
  if ("yYnNtTfFoO".includes(first) && matches(BOOL, value)) return TAG.bool;
  if ("-+0123456789.".includes(first)) {
    if (matches(FLOAT, value)) return TAG.float;
    if (matches(INT, value)) return TAG.int;
  }
  if (first === "<" && matches(MERGE, value)) return TAG.merge;
  if ("~nN".includes(first) && matches(NULL, value)) return TAG.null;
  if ("0123456789".includes(first) && matches(TIMESTAMP, value)) return TAG.timestamp;
  if (first === "=" && matches(VALUE, value)) return TAG.value;
  return TAG.str;
}

export class ScalarConstructError extends Error {}

function sexagesimal(parts: readonly number[]): number {
  let base = 1;
  let value = 0;
  for (const part of [...parts].reverse()) {
    value += part * base;
    base *= 60;
  }
  return value;
}

const SMALL_DECIMAL = /^-?[1-9][0-9]{0,14}$/;

function constructInt(text: string): number | bigint {
  if (SMALL_DECIMAL.test(text)) return Number(text);
  let value = text.replace(/_/g, "");
  let sign = 1n;
  if (value.startsWith("-")) sign = -1n;
  if (value.startsWith("-") || value.startsWith("+")) value = value.slice(1);
  const parse = (digits: string, radix: number): bigint => {
    if (digits === "" || !new RegExp(`^[${"0123456789abcdef".slice(0, radix)}]+$`, "i").test(digits)) {
      throw new ScalarConstructError(`invalid literal for int() with base ${radix}: '${digits}'`);
    }
    const prefix = radix === 2 ? "0b" : radix === 8 ? "0o" : radix === 16 ? "0x" : "";
    return BigInt(prefix + digits);
  };
  if (value === "0") return 0;
  if (value.startsWith("0b")) return pyInt(sign * parse(value.slice(2), 2));
  if (value.startsWith("0x")) return pyInt(sign * parse(value.slice(2), 16));
  if (value.startsWith("0")) return pyInt(sign * parse(value, 8));
  if (value.includes(":")) return pyInt(sign * BigInt(sexagesimal(value.split(":").map((part) => Number(parse(part, 10))))));
  return pyInt(sign * parse(value, 10));
}

function constructFloat(text: string): PyFloat {
  let value = text.replace(/_/g, "").toLowerCase();
  let sign = 1;
  if (value.startsWith("-")) sign = -1;
  if (value.startsWith("-") || value.startsWith("+")) value = value.slice(1);
  if (value === ".inf") return new PyFloat(sign * Infinity);
  if (value === ".nan") return new PyFloat(Number.NaN);
  if (value.includes(":")) return new PyFloat(sign * sexagesimal(value.split(":").map(Number)));
  const number = Number(value);
  if (Number.isNaN(number)) throw new ScalarConstructError(`could not convert string to float: '${text}'`);
  return new PyFloat(sign * number);
}

const TIMESTAMP_PARTS =
  /^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?)?$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

function constructTimestamp(text: string): PyDate {
  const m = TIMESTAMP_PARTS.exec(text.replace(/\n$/, ""));
  if (m === null) throw new ScalarConstructError(`invalid timestamp '${text}'`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || check.getUTCDate() !== day || year < 1) {
    throw new ScalarConstructError(month < 1 || month > 12 ? "month must be in 1..12" : "day is out of range for month");
  }
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (m[4] === undefined) return new PyDate(date);
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (hour > 23) throw new ScalarConstructError("hour must be in 0..23");
  if (minute > 59) throw new ScalarConstructError("minute must be in 0..59");
  if (second > 59) throw new ScalarConstructError("second must be in 0..59");
  const micro = m[7] === undefined || m[7] === "" ? 0 : Number(m[7].slice(0, 6).padEnd(6, "0"));
  let iso = `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}${micro === 0 ? "" : `.${pad(micro, 6)}`}`;
  if (m[8] === "Z") {
    iso += "+00:00";
  } else if (m[9] !== undefined) {
    const tzHour = Number(m[10]);
    const tzMinute = Number(m[11] ?? 0);
    const total = tzHour * 60 + tzMinute;
    if (total >= 24 * 60) throw new ScalarConstructError("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)");
    const sign = m[9] === "-" && total !== 0 ? "-" : "+";
    iso += `${sign}${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
  }
  return new PyDate(iso);
}

/** SafeConstructor for a scalar of a standard tag; undefined for tags it does not construct. */
export function constructScalar(tag: string, value: string): PyValue | undefined {
  switch (tag) {
    case TAG.str:
      return value;
    case TAG.null:
      return null;
    case TAG.bool: {
      const lower = value.toLowerCase();
      if (lower === "yes" || lower === "true" || lower === "on") return true;
      if (lower === "no" || lower === "false" || lower === "off") return false;
      throw new ScalarConstructError(`invalid boolean '${value}'`);
    }
    case TAG.int:
      return constructInt(value);
    case TAG.float:
      return constructFloat(value);
    case TAG.timestamp:
      return constructTimestamp(value);
    default:
      return undefined;
  }
}
