/** Human sizes for progress lines: `812 B`, `9.4 KiB`, `557 KiB`, `3.2 MiB`. */

const UNITS = ["KiB", "MiB", "GiB", "TiB"] as const;

/** Binary units, one decimal under 10, whole numbers above (a size that would round to 1024 moves up a unit). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1023.5 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 9.95 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}
