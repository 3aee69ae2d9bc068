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

/**
 * The `limit` candidates nearest to `query` even when none is plausibly close: the close ones
 * first, then by shared words, then by edit distance relative to length. Used so a name that
 * matches nothing still shows the user what names exist.
 */
export function nearestMatches<T>(query: string, candidates: readonly T[], label: (c: T) => string, limit = 5): T[] {
  const close = closestMatches(query, candidates, label, limit);
  if (close.length >= limit) return close;
  const q = query.trim().toLowerCase();
  const words = tokens(q);
  const rest = candidates
    .filter((c) => !close.includes(c) && label(c).trim() !== "")
    .map((c) => {
      const l = label(c).trim().toLowerCase();
      const own = tokens(l);
      // A word counts as shared when one is a prefix of the other ("thing" ~ "things").
      const shared = words.filter((w) => own.some((t) => t.startsWith(w) || w.startsWith(t))).length;
      return { c, shared, d: distance(q, l) / Math.max(q.length, l.length, 1) };
    });
  rest.sort((a, b) => b.shared - a.shared || a.d - b.d || label(a.c).localeCompare(label(b.c)));
  return [...close, ...rest.slice(0, limit - close.length).map((s) => s.c)];
}

function tokens(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 2);
}
