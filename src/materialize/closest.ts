/**
 * "Did you mean" suggestions: the candidates closest to what the user typed, by edit distance
 * on case-folded text, with substring matches first.
 */
import { distance } from "fastest-levenshtein";

/** Returns up to `limit` candidates near `query`, best first (empty when nothing is plausibly close). */
export function closestMatches<T>(query: string, candidates: readonly T[], label: (c: T) => string, limit = 5): T[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [];
  const scored: Array<{ c: T; score: number }> = [];
  for (const c of candidates) {
    const l = label(c).trim().toLowerCase();
    if (l === "") continue;
    const d = distance(q, l);
    const contains = l.includes(q) || q.includes(l);
    // Allow roughly 40% of the longer text to differ, never less than 3 edits.
    const tolerance = Math.max(3, Math.ceil(Math.max(q.length, l.length) * 0.4));
    if (!contains && d > tolerance) continue;
    scored.push({ c, score: contains ? d / 1000 : d });
  }
  scored.sort((a, b) => a.score - b.score || label(a.c).localeCompare(label(b.c)));
  return scored.slice(0, limit).map((s) => s.c);
}
