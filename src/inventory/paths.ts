/** Path helpers with Python's semantics, and how paths are shown in messages. */
import { basename, isAbsolute, relative, resolve } from "node:path";

/** Python's `os.path.splitext(path)[1]`: leading dots of the name do not start an extension. */
export function extensionOf(path: string): string {
  const stripped = basename(path).replace(/^\.+/, "");
  const dot = stripped.lastIndexOf(".");
  return dot <= 0 ? "" : stripped.slice(dot);
}

/** Ansible's `unfrackpath(source, follow=False)` for a source that is not a host list. */
export function absoluteSource(source: string, cwd: string): string {
  if (source.includes(",")) return source;
  const home = process.env.HOME;
  const expanded = home !== undefined && (source === "~" || source.startsWith("~/")) ? home + source.slice(1) : source;
  return resolve(cwd, expanded);
}

/** A path as shown to the user: relative to `cwd` when inside it. */
export function shownPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
