/**
 * "Save search" and "Saved searches": two buttons, each opening a small non-modal dialog. Props
 * in, callbacks out; where the searches live (the console service or this browser) is the
 * caller's business, told here only through `browserOnly` and `readOnly`.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ReactNode, RefObject } from 'react';
import { formatDateTime, formatRelative } from '@/lib/format';
import { savedSearchNameProblem } from '@/lib/saved-search';
import { Button } from './button';

export interface SavedSearchItem {
  id: string;
  name: string;
  createdAt: number;
  createdBy: string | null;
}

export type SavedSearchOutcome = { ok: true; note?: string } | { ok: false; message: string };

export interface SavedSearchesProps<T extends SavedSearchItem = SavedSearchItem> {
  /** This view's saved searches; undefined while they load. */
  searches: T[] | undefined;
  /** The saved search the page shows now, marked in the list. */
  activeId?: string | null;
  loadError?: string | null;
  onRetry?: () => void;
  /** Problems reading them (e.g. unreadable storage), shown in the list. */
  notes?: string[];
  /** They live in this browser only (no console service behind the page). */
  browserOnly: boolean;
  /** Why saving and deleting are off now, or null. */
  readOnly: string | null;
  now: number;
  onSave: (name: string) => Promise<SavedSearchOutcome>;
  onOpen: (search: T) => void;
  onDelete: (search: T) => Promise<SavedSearchOutcome>;
}

const BROWSER_ONLY = 'Saved in this browser only: other people and other browsers do not see these.';

function when(item: SavedSearchItem, now: number, browserOnly: boolean): string {
  const ago = formatRelative(new Date(item.createdAt).toISOString(), now);
  if (browserOnly) return `saved ${ago}`;
  return item.createdBy ? `saved ${ago} by ${item.createdBy}` : `saved ${ago}, author unknown`;
}

/** A dialog under its trigger; a click outside closes it (Escape: see SavedSearches). */
function Popover({ label, onClose, trigger, children }: { label: string; onClose: () => void; trigger: RefObject<HTMLButtonElement | null>; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const outside = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!ref.current?.contains(target) && !trigger.current?.contains(target)) onClose();
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [onClose, trigger]);
  return (
    <div
      ref={ref}
      role="dialog"
      aria-label={label}
      className="absolute right-0 top-full z-30 mt-1 flex w-[min(26rem,calc(100vw-4rem))] flex-col gap-2 rounded-lg border border-line bg-surface p-3 text-sm text-fg shadow-lg"
    >
      {children}
    </div>
  );
}

function SaveForm({ searches, loadError, browserOnly, readOnly, now, onSave, onDone, onCancel }: Pick<SavedSearchesProps, 'searches' | 'loadError' | 'browserOnly' | 'readOnly' | 'now' | 'onSave'> & { onDone: (message: string) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [replacing, setReplacing] = useState<SavedSearchItem | null>(null);
  const [pending, setPending] = useState(false);
  const inputId = useId();
  const problemId = useId();
  const reasonId = useId();
  const replaceRef = useRef<HTMLButtonElement>(null);
  // Until the list is known a name in use cannot be asked about, so saving waits for it.
  const listing = searches === undefined && !loadError;
  useEffect(() => {
    if (replacing) replaceRef.current?.focus();
  }, [replacing]);

  const save = async () => {
    setPending(true);
    const result = await onSave(name.trim());
    setPending(false);
    setReplacing(null);
    if (result.ok) onDone(`Saved “${name.trim()}”.${result.note ? ` ${result.note}` : ''}`);
    else setProblem(result.message);
  };
  return (
    <form
      className="flex flex-col gap-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const bad = savedSearchNameProblem(name);
        setProblem(bad);
        if (bad || readOnly || listing) return;
        const existing = searches?.find((s) => s.name === name.trim());
        if (existing) setReplacing(existing);
        else void save();
      }}
    >
      <h3 className="font-semibold">Save the current search</h3>
      <p className="text-xs text-muted">Its query and filters, under a name; it opens over the time range picked then.</p>
      <label htmlFor={inputId} className="font-medium">
        Name
      </label>
      <input
        id={inputId}
        autoFocus
        value={name}
        aria-invalid={problem !== null}
        aria-describedby={[problem ? problemId : '', readOnly ? reasonId : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => {
          setName(e.target.value);
          setReplacing(null);
          setProblem(null);
        }}
        placeholder="e.g. Checkout errors"
        className="rounded-md bg-surface px-2 py-1 ring-1 ring-inset ring-line"
      />
      {problem && (
        <p id={problemId} role="alert" className="text-crit">
          {problem}
        </p>
      )}
      {readOnly && (
        <p id={reasonId} role="note" className="text-warn">
          {readOnly}
        </p>
      )}
      {browserOnly && <p className="text-xs text-muted">{BROWSER_ONLY}</p>}
      {loadError && searches === undefined && !readOnly && (
        <p role="note" className="text-xs text-warn">
          The saved searches could not be read, so a name already in use is replaced without asking.
        </p>
      )}
      {replacing ? (
        <div role="group" aria-label="Replace saved search" className="flex flex-col gap-2 rounded-md border border-warn/50 bg-warn/10 p-2">
          <p>
            “{replacing.name}” already exists ({when(replacing, now, browserOnly)}). Replace it with the current search?
          </p>
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setReplacing(null)}>
              Keep it
            </Button>
            <Button ref={replaceRef} variant="primary" disabled={pending} onClick={() => void save()}>
              Replace
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={pending || listing || readOnly !== null}>
            {pending ? 'Saving…' : listing ? 'Reading saved searches…' : 'Save'}
          </Button>
        </div>
      )}
    </form>
  );
}

function SavedList<T extends SavedSearchItem>({ searches, activeId, loadError, onRetry, notes = [], browserOnly, readOnly, now, onOpen, onDelete, onDone }: Omit<SavedSearchesProps<T>, 'onSave'> & { onDone: (message: string) => void }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const listId = useId();
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const remove = async (item: T) => {
    setPending(true);
    const result = await onDelete(item);
    setPending(false);
    setConfirming(null);
    if (result.ok) onDone(`Deleted “${item.name}”.${result.note ? ` ${result.note}` : ''}`);
    else setProblem(result.message);
  };
  return (
    <>
      <h3 id={listId} className="font-semibold">
        Saved searches
      </h3>
      {browserOnly && <p className="text-xs text-muted">{BROWSER_ONLY}</p>}
      {notes.map((n) => (
        <p key={n} role="status" className="text-xs text-warn">
          {n}
        </p>
      ))}
      {readOnly && (
        <p role="note" className="text-xs text-warn">
          {readOnly}
        </p>
      )}
      {problem && (
        <p role="alert" className="text-crit">
          {problem}
        </p>
      )}
      {loadError ? (
        <div role="alert" className="flex flex-wrap items-center gap-2 text-crit">
          <span className="min-w-0 flex-1">Saved searches unavailable: {loadError}</span>
          {onRetry && (
            <Button variant="secondary" onClick={onRetry}>
              Retry
            </Button>
          )}
        </div>
      ) : searches === undefined ? (
        <p role="status" className="text-muted">
          Loading saved searches…
        </p>
      ) : searches.length === 0 ? (
        <p className="text-muted">No saved searches yet. Use “Save search” to keep the current one under a name.</p>
      ) : (
        <ul aria-labelledby={listId} className="-mx-1 flex max-h-[min(24rem,60vh)] flex-col overflow-y-auto">
          {searches.map((s) => (
            <li key={s.id} className="flex flex-col gap-1 rounded-md px-1 py-1 hover:bg-surface-2">
              <div className="flex items-start gap-2">
                <div className="flex min-w-0 flex-1 flex-col">
                  <button
                    type="button"
                    aria-current={s.id === activeId ? 'true' : undefined}
                    aria-describedby={`${listId}-${s.id}`}
                    onClick={() => onOpen(s)}
                    className={`break-words text-left text-accent hover:underline ${s.id === activeId ? 'font-semibold' : 'font-medium'}`}
                  >
                    {s.name}
                  </button>
                  <span id={`${listId}-${s.id}`} className="text-xs text-muted" title={formatDateTime(s.createdAt)}>
                    {when(s, now, browserOnly)}
                    {s.id === activeId ? ' · shown now' : ''}
                  </span>
                </div>
                <Button variant="ghost" aria-label={`Delete ${s.name}`} disabled={readOnly !== null} title={readOnly ?? undefined} onClick={() => setConfirming(s.id)}>
                  Delete
                </Button>
              </div>
              {confirming === s.id && (
                <div role="group" aria-label={`Delete ${s.name}?`} className="flex flex-wrap items-center justify-end gap-2 rounded-md border border-crit/40 bg-crit/8 p-2">
                  <span className="min-w-0 flex-1">Delete “{s.name}”{browserOnly ? '' : ' for everyone'}?</span>
                  <Button variant="ghost" onClick={() => setConfirming(null)}>
                    Keep it
                  </Button>
                  <Button ref={confirmRef} variant="primary" disabled={pending} onClick={() => void remove(s)}>
                    Delete
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function SavedSearches<T extends SavedSearchItem>(props: SavedSearchesProps<T>) {
  const [open, setOpen] = useState<'save' | 'list' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(null), []);
  const toggle = (which: 'save' | 'list') => {
    setMessage(null);
    setOpen((o) => (o === which ? null : which));
  };
  const saved = (text: string) => {
    setOpen(null);
    setMessage(text);
    saveRef.current?.focus();
  };
  return (
    <div
      className="relative flex flex-wrap items-center justify-end gap-2"
      // Escape from the dialog or its button closes it and leaves focus on that button.
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || open === null) return;
        e.stopPropagation();
        (open === 'save' ? saveRef : listRef).current?.focus();
        setOpen(null);
      }}
    >
      {message && (
        <span role="status" className="text-xs text-muted">
          {message}
        </span>
      )}
      <Button ref={saveRef} aria-haspopup="dialog" aria-expanded={open === 'save'} onClick={() => toggle('save')}>
        Save search
      </Button>
      <Button ref={listRef} aria-haspopup="dialog" aria-expanded={open === 'list'} onClick={() => toggle('list')}>
        Saved searches <span aria-hidden="true">▾</span>
      </Button>
      {open === 'save' && (
        <Popover label="Save search" onClose={close} trigger={saveRef}>
          <SaveForm
            {...props}
            onDone={saved}
            onCancel={() => {
              close();
              saveRef.current?.focus();
            }}
          />
        </Popover>
      )}
      {open === 'list' && (
        <Popover label="Saved searches" onClose={close} trigger={listRef}>
          <SavedList
            {...props}
            onOpen={(s) => {
              close();
              setMessage(null);
              props.onOpen(s);
            }}
            onDone={(text) => setMessage(text)}
          />
        </Popover>
      )}
    </div>
  );
}
