/** What `runwarden serve` prints: where it listens (tests and the sandbox wait for this line), and how it stopped. */
import { urlOf, type ListenAddress } from "../../../server/listen.js";

export function listeningLine(address: ListenAddress): string {
  return `listening on ${urlOf(address)}\n`;
}

export function stoppedLine(signal: string): string {
  return `stopped (${signal})\n`;
}

export function logLine(line: string, at: number): string {
  return `${new Date(at).toISOString()} ${line}\n`;
}
