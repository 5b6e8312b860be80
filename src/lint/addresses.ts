/**
 * Literal IPv4 and IPv6 addresses in text, each with its index. Version numbers (`v1.2.3.4`,
 * `1.2.3.4.5`), words around colons (`std::string`, `::add-mask::`) and MAC addresses are not
 * addresses; an IPv6 candidate needs a digit and must be valid (node:net decides).
 */
import { isIPv4, isIPv6 } from "node:net";

export interface AddressMatch {
  readonly address: string;
  readonly index: number;
}

const IPV4 = /(?<![\w.-])(\d{1,3}(?:\.\d{1,3}){3})(?![\w.]*\d)(?![\w-])/g;
const IPV6 = /(?<![\w:.%-])\[?((?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?)(?:%[\w.]+)?\]?(?![\w:-])/g;

export function findAddresses(text: string): AddressMatch[] {
  const found: AddressMatch[] = [];
  if (/\d\.\d/.test(text)) {
    for (const match of text.matchAll(IPV4)) {
      const address = match[1] ?? "";
      if (isIPv4(address)) found.push({ address, index: match.index + match[0].indexOf(address) });
    }
  }
  if (text.includes(":")) {
    for (const match of text.matchAll(IPV6)) {
      const address = match[1] ?? "";
      if (!/\d/.test(address) || !isIPv6(address)) continue;
      if (found.some((f) => f.index >= match.index && f.index < match.index + match[0].length)) continue;
      found.push({ address, index: match.index + match[0].indexOf(address) });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
