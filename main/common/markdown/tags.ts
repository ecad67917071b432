/**
 * `#tags` in Markdown: a `#` at the start of a word followed by a letter, digit or `_` (so a
 * heading's `# ` is not one), running over letters, digits, `_`, `-` and `/` (nested tags). The
 * one reading for notes and Markdown sources alike, so `tag:policy` finds `#policy` in both.
 */
const TAG = /(?:^|\s)#([\p{L}\p{N}_][\p{L}\p{N}_/-]*)/gu;

/** The tags in `text`, in order, without their `#`. */
export function findTags(text: string): string[] {
  return [...text.matchAll(TAG)].map((m) => m[1]!);
}
