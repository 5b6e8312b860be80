/** The report window's grammar: whole days or a duration, positive, at most ten years. */
import { describe, expect, it } from "vitest";
import { formatWindow, parseWindow } from "../../src/report/window.js";

describe("report window", () => {
  it("reads days and durations", () => {
    expect(parseWindow("30d")).toBe(30 * 86_400_000);
    expect(parseWindow("36h")).toBe(36 * 3_600_000);
    expect(parseWindow("1h30m")).toBe(90 * 60_000);
    expect(parseWindow("3660d")).toBe(3660 * 86_400_000);
  });

  it("refuses what is not a window, zero, and more than ten years", () => {
    for (const text of ["nonsense", "", "30", "30 d", "1.5d", "0d", "0s", "3661d", "-1d", "1d2h"]) expect(parseWindow(text), text).toBeUndefined();
  });

  it("writes it back the way people write it", () => {
    expect(formatWindow(30 * 86_400_000)).toBe("30d");
    expect(formatWindow(36 * 3_600_000)).toBe("36h");
    expect(formatWindow(90 * 60_000 + 500)).toBe("1h30m500ms");
  });
});
