/**
 * Which network errors mean "unhealthy" (`fail`: the target refused, is unreachable, or presents a
 * bad certificate) and which mean "could not tell" (`error`: timeouts, temporary DNS failures,
 * anything unknown).
 */
import { errorCode } from "../model/system-errors.js";
import { errorText } from "./format.js";
import type { Outcome } from "./types.js";

const UNHEALTHY: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by the server",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "the name does not resolve",
  EPIPE: "connection closed by the server",
  HPE_INVALID_CONSTANT: "not an HTTP response",
  HPE_INVALID_VERSION: "not an HTTP response",
  ERR_SSL_WRONG_VERSION_NUMBER: "not a TLS server (http on an https port?)",
  CERT_HAS_EXPIRED: "TLS certificate has expired",
  CERT_NOT_YET_VALID: "TLS certificate is not valid yet",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate is self-signed (not trusted)",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate chain ends in an untrusted self-signed certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate cannot be verified (missing intermediate?)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS certificate issuer is not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host name",
};

/** An outcome for a connection error: `fail` for the known unhealthy codes, `error` otherwise. */
export function networkFailure(e: unknown, target: string): Outcome {
  const code = errorCode(e);
  const meaning = code === undefined ? undefined : UNHEALTHY[code];
  if (meaning !== undefined) return { status: "fail", summary: `${target}: ${meaning}`, evidence: [`${code ?? ""}: ${errorText(e)}`] };
  return { status: "error", summary: `${target}: ${errorText(e)}` };
}
