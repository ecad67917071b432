/**
 * A list item's marker in a source's text, one rule for the library that splits the text into
 * blocks, the reader that mutes the marker, and the quote comparison that looks past it: up to
 * three spaces, a bullet (`-`, `*`, `+`, or the typographic `•`, `‣`, `◦` that converted documents
 * use) or a number with `.` or `)`, then white space. (A note's own Markdown is read as Lexical
 * reads it, in markdown/note-blocks.ts.)
 */
export const LIST_MARKER = /^[ \t]{0,3}(?:[-*+•‣◦]|\d{1,9}[.)])[ \t]+/;
