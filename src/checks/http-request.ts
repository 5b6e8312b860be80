/**
 * One HTTP(S) exchange with node:http/node:https (not fetch: a probe needs per-request TLS
 * verification settings and the peer certificate). No connection reuse; the body is read up to a
 * limit; the signal aborts everything.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { TLSSocket } from "node:tls";

export interface HttpRequestOptions {
  readonly method: "GET" | "HEAD";
  readonly tlsVerify: boolean;
  readonly signal: AbortSignal;
  /** Characters of body kept (default 1 MiB); the rest is drained and dropped. */
  readonly maxBodyChars?: number;
}

export interface PeerCertificate {
  readonly subject: string;
  readonly validTo: Date;
}

export interface HttpExchange {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
  readonly truncated: boolean;
  /** From sending the request to the response headers. */
  readonly latencyMs: number;
  /** From sending the request to the end of the body. */
  readonly totalMs: number;
  /** https only: the server's leaf certificate. */
  readonly certificate?: PeerCertificate;
}

function certificateOf(response: IncomingMessage): PeerCertificate | undefined {
  const socket = response.socket as Partial<TLSSocket> | null;
  if (socket === null || typeof socket.getPeerCertificate !== "function") return undefined;
  const cert = socket.getPeerCertificate();
  if (cert === undefined || cert === null || typeof cert.valid_to !== "string") return undefined;
  const validTo = new Date(cert.valid_to);
  if (Number.isNaN(validTo.getTime())) return undefined;
  const cn = cert.subject?.CN;
  return { subject: typeof cn === "string" ? cn : Array.isArray(cn) ? cn.join(",") : "", validTo };
}

export function fetchOnce(url: URL, options: HttpRequestOptions): Promise<HttpExchange> {
  const max = options.maxBodyChars ?? 1024 * 1024;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const https = url.protocol === "https:";
    if (!https && url.protocol !== "http:") {
      reject(new Error(`unsupported URL scheme '${url.protocol}'`));
      return;
    }
    const send = https ? httpsRequest : httpRequest;
    const req = send(url, {
      method: options.method,
      signal: options.signal,
      agent: false,
      headers: { "user-agent": "runwarden", accept: "*/*" },
      ...(https ? { rejectUnauthorized: options.tlsVerify } : {}),
    });
    req.once("error", reject);
    req.once("response", (response) => {
      const latencyMs = performance.now() - started;
      const certificate = https ? certificateOf(response) : undefined;
      let body = "";
      let truncated = false;
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (body.length + chunk.length <= max) body += chunk;
        else {
          body += chunk.slice(0, Math.max(0, max - body.length));
          truncated = true;
        }
      });
      response.once("error", reject);
      response.once("end", () => {
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers["content-type"],
          body,
          truncated,
          latencyMs,
          totalMs: performance.now() - started,
          ...(certificate === undefined ? {} : { certificate }),
        });
      });
    });
    req.end();
  });
}
