import { useEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { closeCompletion } from '@codemirror/autocomplete';
import { PostgreSQL, sql } from '@codemirror/lang-sql';
import { tags as t } from '@lezer/highlight';

/** What the console can do with its editor. */
export interface SqlEditorApi {
  text(): string;
  setText(text: string): void;
  focus(): void;
}

/** The demo dataset's tables and columns, for completion. */
const SCHEMA = {
  customers: ['id', 'name', 'email', 'city', 'created_at'],
  orders: ['id', 'customer_id', 'status', 'total', 'created_at'],
  order_items: ['order_id', 'line', 'product_id', 'quantity', 'price'],
  products: ['id', 'category_id', 'name', 'price'],
  categories: ['id', 'name'],
  accounts: ['id', 'customer_id', 'balance'],
};

// Colours are the app's theme variables, so the editor follows dark and light (AA contrast in both).
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.operatorKeyword, t.modifier], color: 'var(--cm-keyword)', fontWeight: '600' },
  { tag: [t.string, t.special(t.string)], color: 'var(--cm-string)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--cm-number)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [t.typeName, t.standard(t.name)], color: 'var(--cm-type)' },
  { tag: [t.operator, t.punctuation, t.paren], color: 'var(--text)' },
  { tag: [t.special(t.name), t.variableName], color: 'var(--text)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--field)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '8px', fontSize: '15px' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '2px' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, monospace", lineHeight: '1.5', maxHeight: '12em', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--text)', minHeight: '4.5em', padding: '6px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)', borderLeftWidth: '2px' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'var(--cm-selection)',
  },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', border: 'none', borderRadius: '8px 0 0 8px' },
  '.cm-activeLine': { backgroundColor: 'var(--cm-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--cm-active-line)' },
  '.cm-placeholder': { color: 'var(--muted)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--cm-selection)', outline: '1px solid var(--muted)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--on-accent)' },
  '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--text)' },
});

/**
 * A CodeMirror 6 editor for one SQL statement: PostgreSQL highlighting and completion of the demo
 * tables, Ctrl/Cmd+Enter runs, ↑ on the first line and ↓ on the last recall earlier statements.
 * Tab is left to the page (it moves focus), so the editor never traps keyboard users.
 */
export function SqlEditor({
  initial,
  history,
  onRun,
  apiRef,
  describedBy,
}: {
  initial: string;
  history: readonly string[];
  onRun: (text: string) => void;
  apiRef: { current: SqlEditorApi | null };
  describedBy?: string;
}) {
  const hostRef = useRef<HTMLDivElement>(null);
  // The editor is created once; these refs give its key bindings the latest props.
  const onRunRef = useRef(onRun);
  const historyRef = useRef(history);
  const browse = useRef<{ index: number; draft: string } | null>(null);
  useEffect(() => {
    onRunRef.current = onRun;
    historyRef.current = history;
    browse.current = null;
  }, [onRun, history]);

  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const replace = (view: EditorView, text: string, cursorAtEnd: boolean) => {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: cursorAtEnd ? text.length : 0 } });
    };
    const recall = (direction: -1 | 1) => (view: EditorView) => {
      const { state } = view;
      const sel = state.selection.main;
      if (!sel.empty) return false;
      const line = state.doc.lineAt(sel.head).number;
      if (direction < 0 ? line !== 1 : line !== state.doc.lines) return false;
      const list = historyRef.current;
      const b = browse.current ?? { index: list.length, draft: state.doc.toString() };
      const next = b.index + direction;
      if (next < 0 || next > list.length) return false;
      if (browse.current === null) browse.current = b;
      browse.current.index = next;
      replace(view, next === list.length ? b.draft : list[next]!, direction > 0);
      return true;
    };
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: initial,
        extensions: [
          basicSetup,
          sql({ dialect: PostgreSQL, schema: SCHEMA, upperCaseKeywords: false }),
          syntaxHighlighting(highlight),
          theme,
          EditorView.lineWrapping,
          placeholder('select * from customers limit 10'),
          EditorView.contentAttributes.of({ 'aria-label': 'SQL statement (Ctrl+Enter or Cmd+Enter runs it)', ...(describedBy ? { 'aria-describedby': describedBy } : {}) }),
          // Above the default keymap (Mod-Enter would insert a line, ↑/↓ move the cursor), below
          // completion's, which keeps ↑/↓ while its list is open.
          Prec.high(
            keymap.of([
              {
                key: 'Mod-Enter',
                run: (v) => {
                  closeCompletion(v);
                  onRunRef.current(v.state.doc.toString());
                  return true;
                },
              },
              { key: 'ArrowUp', run: recall(-1) },
              { key: 'ArrowDown', run: recall(1) },
            ]),
          ),
          EditorView.updateListener.of((update) => {
            // Typing ends history browsing: the next ↑ starts from the newest statement again.
            if (update.docChanged && update.transactions.some((tr) => tr.isUserEvent('input') || tr.isUserEvent('delete'))) browse.current = null;
          }),
        ],
      }),
    });
    apiRef.current = {
      text: () => {
        closeCompletion(view);
        return view.state.doc.toString();
      },
      setText: (text) => {
        closeCompletion(view);
        replace(view, text, true);
        browse.current = null;
      },
      focus: () => view.focus(),
    };
    return () => {
      apiRef.current = null;
      view.destroy();
    };
    // Created once per mount: later `initial` values are applied through the api.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return <div ref={hostRef} className="sql-editor" data-testid="sql-editor" />;
}
