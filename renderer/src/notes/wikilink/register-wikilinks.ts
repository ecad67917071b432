/**
 * Wikilinks in the editor: typed `[[Title]]` becomes a link (and plain text again when edited
 * out of shape), a click on one opens its note, and typing `[[` offers the notebook's titles.
 */
import {
  $getSelection, $isRangeSelection, $isTextNode, COMMAND_PRIORITY_HIGH, KEY_ARROW_DOWN_COMMAND,
  KEY_ARROW_UP_COMMAND, KEY_ENTER_COMMAND, KEY_ESCAPE_COMMAND, KEY_TAB_COMMAND, TextNode, mergeRegister,
  type LexicalEditor,
} from 'lexical';
import { registerLexicalTextEntity } from '@lexical/text';
import { WIKILINK_PATTERN } from '../../../../main/common/markdown/wikilinks';
import { $createWikiLinkNode, WikiLinkNode } from './wikilink-node';

export interface WikiLinkDeps {
  /** Titles of the notebook's notes, for autocomplete (kept current by the caller). */
  titles(): readonly string[];
  /** Ranked suggestions for what was typed; when given, used instead of filtering `titles`. */
  suggest?(query: string): readonly string[];
  /** A wikilink was clicked: open (or create) the note it names. */
  openTarget(target: string): void;
  /** Where the suggestion list is attached (it is positioned at the caret). */
  popupHost: HTMLElement;
}

const MAX_SUGGESTIONS = 8;
/** `[[` and what follows it up to the caret, while it can still become a link. */
const OPEN_LINK_BEFORE_CARET = /\[\[([^\[\]|#\n]*)$/;

export function registerWikiLinks(editor: LexicalEditor, deps: WikiLinkDeps): () => void {
  const getMatch = (text: string) => {
    const m = WIKILINK_PATTERN.exec(text);
    return m ? { start: m.index, end: m.index + m[0].length } : null;
  };
  const autocomplete = new WikiLinkAutocomplete(editor, deps);
  const onClick = (event: MouseEvent) => {
    const link = (event.target as Element | null)?.closest?.<HTMLElement>('.sb-wikilink');
    const target = link?.dataset.wikilink;
    if (!target || event.button !== 0) return;
    event.preventDefault();
    deps.openTarget(target);
  };
  return mergeRegister(
    ...registerLexicalTextEntity(editor, getMatch, WikiLinkNode, (node: TextNode) => $createWikiLinkNode(node.getTextContent())),
    editor.registerRootListener((root, previous) => {
      previous?.removeEventListener('click', onClick);
      root?.addEventListener('click', onClick);
    }),
    autocomplete.register(),
  );
}

/** The `[[` suggestion list: a listbox whose active option the editor announces. */
class WikiLinkAutocomplete {
  private readonly list: HTMLUListElement;
  private options: string[] = [];
  private active = 0;
  private query: string | null = null;
  private static counter = 0;
  private readonly id = `sb-wikilink-suggestions-${++WikiLinkAutocomplete.counter}`;

  constructor(private readonly editor: LexicalEditor, private readonly deps: WikiLinkDeps) {
    const doc = deps.popupHost.ownerDocument;
    this.list = doc.createElement('ul');
    this.list.id = this.id;
    this.list.className = 'sb-wikilink-suggestions';
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', 'Link to note');
    this.list.hidden = true;
    // Keep the caret in the editor while choosing with the mouse.
    this.list.addEventListener('mousedown', (event) => event.preventDefault());
    this.list.addEventListener('click', (event) => {
      const option = (event.target as Element).closest<HTMLElement>('[role="option"]');
      if (option?.dataset.title !== undefined) this.complete(option.dataset.title);
    });
  }

  register(): () => void {
    this.deps.popupHost.append(this.list);
    const whenOpen = (fn: (event: KeyboardEvent | null) => void) => (event: KeyboardEvent | null) => {
      if (this.query === null || !this.options.length) return false;
      event?.preventDefault();
      fn(event);
      return true;
    };
    return mergeRegister(
      this.editor.registerUpdateListener(({ editorState }) => {
        const query = editorState.read(() => queryAtCaret());
        if (query === null) this.close();
        else this.open(query);
      }),
      this.editor.registerCommand(KEY_ARROW_DOWN_COMMAND, whenOpen(() => this.move(1)), COMMAND_PRIORITY_HIGH),
      this.editor.registerCommand(KEY_ARROW_UP_COMMAND, whenOpen(() => this.move(-1)), COMMAND_PRIORITY_HIGH),
      this.editor.registerCommand(KEY_ENTER_COMMAND, whenOpen(() => this.complete(this.options[this.active]!)), COMMAND_PRIORITY_HIGH),
      this.editor.registerCommand(KEY_TAB_COMMAND, whenOpen(() => this.complete(this.options[this.active]!)), COMMAND_PRIORITY_HIGH),
      this.editor.registerCommand(KEY_ESCAPE_COMMAND, whenOpen(() => this.close()), COMMAND_PRIORITY_HIGH),
      () => {
        this.close();
        this.list.remove();
      },
    );
  }

  private open(query: string): void {
    const wanted = query.trim().toLowerCase();
    const options = this.deps.suggest
      ? this.deps.suggest(query).slice(0, MAX_SUGGESTIONS)
      : this.deps.titles()
        .map((title) => ({ title, at: title.toLowerCase().indexOf(wanted) }))
        .filter((t) => t.at >= 0)
        .sort((a, b) => Number(a.at !== 0) - Number(b.at !== 0) || a.title.localeCompare(b.title))
        .slice(0, MAX_SUGGESTIONS).map((t) => t.title);
    if (query !== this.query) this.active = 0;
    this.query = query;
    this.options = options;
    this.active = Math.min(this.active, Math.max(0, options.length - 1));
    this.render();
  }

  private close(): void {
    if (this.query === null) return;
    this.query = null;
    this.options = [];
    this.render();
  }

  private move(delta: number): void {
    this.active = (this.active + delta + this.options.length) % this.options.length;
    this.render();
  }

  private render(): void {
    const root = this.editor.getRootElement();
    const doc = this.list.ownerDocument;
    const visible = this.query !== null && this.options.length > 0;
    this.list.hidden = !visible;
    this.list.replaceChildren(...this.options.map((title, i) => {
      const li = doc.createElement('li');
      li.id = `${this.id}-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', String(i === this.active));
      li.dataset.title = title;
      li.textContent = title;
      return li;
    }));
    if (!root) return;
    if (visible) {
      root.setAttribute('aria-controls', this.id);
      root.setAttribute('aria-activedescendant', `${this.id}-${this.active}`);
      this.place();
    } else {
      root.removeAttribute('aria-controls');
      root.removeAttribute('aria-activedescendant');
    }
  }

  /** Puts the list just under the caret, inside the host's box. */
  private place(): void {
    const win = this.list.ownerDocument.defaultView;
    const range = win?.getSelection()?.rangeCount ? win.getSelection()!.getRangeAt(0) : null;
    const caret = range?.getBoundingClientRect?.();
    const host = this.deps.popupHost.getBoundingClientRect();
    if (!caret || (caret.top === 0 && caret.left === 0)) return;
    this.list.style.left = `${Math.max(0, caret.left - host.left)}px`;
    this.list.style.top = `${caret.bottom - host.top + 4}px`;
  }

  private complete(title: string): void {
    this.editor.update(() => {
      const selection = $getSelection();
      if (!$isRangeSelection(selection) || !selection.isCollapsed()) return;
      const node = selection.anchor.getNode();
      if (!$isTextNode(node)) return;
      const offset = selection.anchor.offset;
      const text = node.getTextContent();
      const m = OPEN_LINK_BEFORE_CARET.exec(text.slice(0, offset));
      if (!m) return;
      const start = offset - m[0].length;
      const closing = text.startsWith(']]', offset) ? 2 : 0;
      node.spliceText(start, offset - start + closing, `[[${title}]]`, true);
    });
    this.close();
  }
}

/** The partial link title before the caret, or null when the caret is not in an open `[[`. */
function queryAtCaret(): string | null {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || !selection.isCollapsed()) return null;
  const node = selection.anchor.getNode();
  if (!$isTextNode(node) || node instanceof WikiLinkNode) return null;
  const m = OPEN_LINK_BEFORE_CARET.exec(node.getTextContent().slice(0, selection.anchor.offset));
  return m ? m[1]! : null;
}
