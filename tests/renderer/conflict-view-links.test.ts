import { describe, expect, it } from 'vitest';
import { ConflictView } from '../../renderer/src/notes/conflict-view';

describe('the conflict view', () => {
  it('shows the links of the version on disk without letting a click follow them', () => {
    const view = new ConflictView(document, { keepMine: () => {}, useTheirs: () => {}, openAnnotation: () => {} });
    document.body.append(view.banner, view.diskPane);
    view.show({
      path: 'Ideas.md', title: 'Ideas', modified: 1, bytes: 10, version: 'v2',
      markdown: '# Ideas\n\nSee [the paper](https://evil.example/steal) or [write](mailto:a@b.example?attach=/home/me/.ssh/id_rsa).\n',
    });
    const links = [...view.diskPane.querySelectorAll('a')];
    expect(links.map((a) => a.textContent)).toEqual(['the paper', 'write']);
    expect(view.diskPane.querySelectorAll('a[href]')).toHaveLength(0);
    for (const a of links) {
      const click = new MouseEvent('click', { bubbles: true, cancelable: true });
      a.dispatchEvent(click);
      expect(click.defaultPrevented).toBe(true);
    }
    expect(links[0]!.getAttribute('title')).toBe('https://evil.example/steal');
    view.hide();
  });
});
