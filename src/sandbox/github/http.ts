/**
 * HTTP details GitHub clients rely on: error bodies, weak ETags with `304 Not Modified`, and
 * page/per_page pagination with `Link` headers built from the request's own URL.
 */
import { createHash } from "node:crypto";
import type { Json } from "./render-common.js";

export const DOCS = "https://docs.github.com/rest";

/** What a route handler answers; the server turns it into the HTTP response. */
export type RouteReply =
  | { readonly kind: "json"; readonly status: number; readonly body: Json; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: "empty"; readonly status: number; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: "text"; readonly status: number; readonly body: string }
  | { readonly kind: "redirect"; readonly location: string };

export function json(body: Json, status = 200, headers?: Readonly<Record<string, string>>): RouteReply {
  return headers === undefined ? { kind: "json", status, body } : { kind: "json", status, body, headers };
}

export function errorBody(status: number, message: string, documentation = DOCS): { [key: string]: Json } {
  return { message, documentation_url: documentation, status: String(status) };
}

export function fail(status: number, message: string, headers?: Readonly<Record<string, string>>): RouteReply {
  return json(errorBody(status, message), status, headers);
}

export const notFound = (): RouteReply => fail(404, "Not Found");

/** GitHub's weak ETag of a JSON body. */
export function etagOf(body: string): string {
  return `W/"${createHash("sha256").update(body).digest("hex").slice(0, 40)}"`;
}

/** Whether an `If-None-Match` header matches `etag` (weak comparison, lists and `*` allowed). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

export interface PageRequest {
  /** Absolute URL of the request as the client sent it. */
  readonly url: URL;
}

/** One page of `items` plus its `Link` header (absent when everything fits on one page). */
export function paginate<T>(request: PageRequest, items: readonly T[]): { page: T[]; link: string | undefined } {
  const query = request.url.searchParams;
  const perPage = Math.min(100, Math.max(1, Number.parseInt(query.get("per_page") ?? "30", 10) || 30));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const pageNumber = Math.max(1, Number.parseInt(query.get("page") ?? "1", 10) || 1);
  const page = items.slice((pageNumber - 1) * perPage, pageNumber * perPage);
  const link = (n: number, rel: string) => {
    const url = new URL(request.url.href);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(n));
    return `<${url.href}>; rel="${rel}"`;
  };
  const parts: string[] = [];
  if (pageNumber > 1) parts.push(link(Math.min(pageNumber - 1, last), "prev"));
  if (pageNumber < last) parts.push(link(pageNumber + 1, "next"), link(last, "last"));
  if (pageNumber > 1) parts.push(link(1, "first"));
  return { page, link: parts.length === 0 ? undefined : parts.join(", ") };
}

/** A paginated list response, bare (`[...]`) or wrapped (`{ total_count, <key>: [...] }`). */
export function listReply(request: PageRequest, items: readonly Json[], key?: string): RouteReply {
  const { page, link } = paginate(request, items);
  const headers = link === undefined ? undefined : { link };
  const body: Json = key === undefined ? page : { total_count: items.length, [key]: page };
  return json(body, 200, headers);
}
