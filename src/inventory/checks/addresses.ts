/** Recognising addresses in inventory values: loopback targets and literal IP addresses. */
import { isIPv4, isIPv6 } from "node:net";

const LOOPBACK_NAMES = new Set(["localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"]);

/** Whether `address` (a host name or IP, as in `ansible_host`) is the machine running Ansible. */
export function isLoopback(address: string): boolean {
  const text = address.trim().toLowerCase().replace(/\.$/, "");
  if (LOOPBACK_NAMES.has(text)) return true;
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (isIPv4(bare)) return bare.startsWith("127.");
  if (isIPv6(bare.replace(/%.*$/, ""))) return ipv6IsLoopback(bare.replace(/%.*$/, ""));
  return false;
}

function ipv6IsLoopback(address: string): boolean {
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address) ?? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped !== null) return (mapped[1] ?? "").startsWith("127.");
  const [head = "", tail = ""] = address.split("::");
  const groups = (part: string): string[] => (part === "" ? [] : part.split(":"));
  const left = groups(head);
  const right = groups(tail);
  const all = address.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  return all.length === 8 && all.slice(0, 7).every((group) => /^0{1,4}$/.test(group)) && /^0{0,3}1$/.test(all[7] ?? "");
}

const IPV4_CANDIDATE = /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?:\/\d{1,2})?(?![\w.])/g;
const IPV6_CANDIDATE = /(?<![\w:.])\[?([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%[\w.]+)?)\]?(?![\w:])/g;

/** Literal IPv4/IPv6 addresses inside a text (a URL, a list, …), as written. */
export function ipLiterals(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(IPV4_CANDIDATE)) {
    const ip = match[1] ?? "";
    if (isIPv4(ip)) found.push(ip);
  }
  if (text.includes(":")) {
    for (const match of text.matchAll(IPV6_CANDIDATE)) {
      const ip = match[1] ?? "";
      if (/[0-9A-Fa-f]/.test(ip) && isIPv6(ip.replace(/%.*$/, ""))) found.push(ip);
    }
  }
  return found;
}

/** Whether the whole text is one IP address (optionally in brackets). */
export function isIpLiteral(text: string): boolean {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  return isIPv4(bare) || isIPv6(bare.replace(/%.*$/, ""));
}
