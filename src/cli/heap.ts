/**
 * How the CLI's process uses memory. Both settings cut the fresh memory a short process touches,
 * which on machines where a page fault is slow costs more than the work itself: the C library's
 * free memory is kept for reuse (every command), and V8's young generation stays small (`inventory`).
 *
 * V8's young generation, sized for a command that allocates much and keeps little: `inventory`
 * parses thousands of small vars files and prints each host's variables once. V8 doubles the
 * young generation's semi-spaces from 1 MiB up to 16 MiB as a process allocates; every doubling
 * touches fresh memory, which costs much more than the extra scavenges of a small young
 * generation on machines where a page fault is slow. Kept at its initial size (process-wide, from
 * the call on): `inventory --list` of 5,000 hosts 1.02 → 0.94 s and 119 → 82 MiB peak memory,
 * of 32 hosts 0.40 → 0.37 s (docs/inventory.md). Not for every command: `lint`, whose parsed
 * workflows live longer, is ~10 % slower with it.
 */
import { setFlagsFromString } from "node:v8";

/** The V8 flag (ADR 0018: a later V8 clamps it to 2, and the call then changes nothing). */
const FLAG = "--semi-space-growth-factor=1";

let applied = false;

export function keepYoungGenerationSmall(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(FLAG);
}

/**
 * The size of the block {@link keepFreedMemory} has the C library allocate and free. Freeing it
 * lifts glibc's trim threshold to twice its size (see there); 4 MiB already gave the full effect on
 * nested-5000, 8 MiB leaves room.
 */
const MMAP_BLOCK = 8 * 1024 * 1024;

let kept = false;

/**
 * Has glibc keep memory the process frees for reuse instead of handing it back to the kernel.
 *
 * By default glibc returns the free memory at the top of its heap to the kernel as soon as more
 * than 128 KiB is free there (M_TRIM_THRESHOLD), and the next allocation faults fresh pages in
 * again. V8 allocates and frees its compilers' and parser's working memory this way all through a
 * short command. mallopt(3) documents the dynamic thresholds: freeing a block that was allocated
 * with mmap (larger than the mmap threshold, at most 32 MiB) raises the mmap threshold to its size
 * and the trim threshold to twice that. A Buffer from `allocUnsafeSlow` that large is such a block,
 * never written (no page of it is touched), and freed when the next scavenge collects it.
 *
 * Called once when the executable starts, for every command. Measured (ADR 0018): nested-5000
 * `inventory --list` 17,000 → 13,700 page faults (0.83 → 0.80 s), `lint` of 972 workflows
 * 36,700 → 21,300 (1.70 → 1.65 s); peak memory +5 to +8 MiB. A long-running command keeps at
 * most 16 MiB free at the top of the C heap. Elsewhere (another C library) it is an 8 MiB
 * allocation that is freed and changes nothing.
 */
export function keepFreedMemory(): void {
  if (kept) return;
  kept = true;
  Buffer.allocUnsafeSlow(MMAP_BLOCK);
}
