import type { BuildOptions, BuildResult } from "esbuild";

export function cliBuildOptions(options?: { outdir?: string; quiet?: boolean }): Promise<BuildOptions & { metafile: true }>;
export function buildCli(options?: { quiet?: boolean }): Promise<BuildResult<{ metafile: true }>>;
