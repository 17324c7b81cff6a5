/**
 * Keys a windowed row by its slot in the window, not by its line, so React reuses the DOM of the
 * row scrolled out for the row scrolled in: keyed by line, every scrolled frame created and
 * dropped every row, and the longest task's CPU time doubled (docs/PERFORMANCE.md#rows-keyed-by-slot).
 */
export function slotKey(index: number, windowSize: number): number {
  return index % Math.max(1, windowSize);
}
