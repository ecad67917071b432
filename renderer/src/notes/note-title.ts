/** A note's title as the notes list shows it: its file name without ".md". */
export function noteTitle(path: string): string {
  return (path.split('/').pop() ?? path).replace(/\.md$/i, '');
}
