import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { t } from '../lib/i18n.ts';

/** What applying a value said: null when it was stored, else the engine's message. */
export type Apply = () => Promise<string | null>;

/** How long typing may pause before a text field applies itself. */
const TYPING_PAUSE_MS = 700;

/** Track one control's apply: its error, and a brief "Saved" after it took. */
export function useApplyState() {
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const run = async (apply: Apply): Promise<boolean> => {
    const problem = await apply();
    setError(problem);
    if (problem === null) {
      setSaved(true);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => setSaved(false), 1800);
    } else setSaved(false);
    return problem === null;
  };
  return { error, saved, run };
}

/** The inline result under a control: the engine's reason it refused, or a short "Saved". */
export function ApplyNote({ id, error, saved }: { id: string; error: string | null; saved: boolean }) {
  if (error)
    return (
      <span id={id} className="field-error" role="alert">
        {error}
      </span>
    );
  return (
    <span id={id} className="field-saved" role="status" aria-live="polite">
      {saved ? t('common.saved') : ''}
    </span>
  );
}

/**
 * A text setting that applies itself: after a pause in typing, on leaving the field, or on
 * Enter. What was typed goes to the engine as typed; the engine checks it and names what is
 * wrong, shown right under the field (the value stays as typed to be fixed). A value that
 * changes elsewhere replaces the text unless the person is editing it.
 */
export function AutoTextField({
  label,
  help,
  value,
  apply,
  name,
  inputMode,
  placeholder,
  type = 'text',
}: {
  label: ReactNode;
  help?: ReactNode;
  value: string;
  apply: (text: string) => Promise<string | null>;
  name?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  placeholder?: string;
  type?: 'text' | 'time';
}) {
  const id = useId();
  const [text, setText] = useState(value);
  const [editing, setEditing] = useState(false);
  const [shownValue, setShownValue] = useState(value);
  const pause = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { error, saved, run } = useApplyState();
  // The stored value changed (applied here, or elsewhere): show it unless the person is typing.
  if (value !== shownValue) {
    setShownValue(value);
    if (!editing && !error) setText(value);
  }
  useEffect(() => () => void (pause.current && clearTimeout(pause.current)), []);
  const commit = (next: string) => {
    if (pause.current) clearTimeout(pause.current);
    pause.current = null;
    if (next === value && !error) return;
    void run(() => apply(next));
  };
  const noteId = `${id}-note`;
  const helpId = help ? `${id}-help` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        inputMode={inputMode}
        placeholder={placeholder}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={[helpId, noteId].filter(Boolean).join(' ')}
        onFocus={() => setEditing(true)}
        onChange={(e) => {
          setText(e.target.value);
          if (pause.current) clearTimeout(pause.current);
          const typed = e.target.value;
          pause.current = setTimeout(() => commit(typed), type === 'time' ? 0 : TYPING_PAUSE_MS);
        }}
        onBlur={() => {
          setEditing(false);
          commit(text);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit(text);
          }
        }}
      />
      {help && (
        <span id={helpId} className="help">
          {help}
        </span>
      )}
      <ApplyNote id={noteId} error={error} saved={saved} />
    </div>
  );
}
