import { useId } from 'react';
import type { ReactNode } from 'react';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
}

/**
 * A labelled form control with optional help text. The label names only the control;
 * the help is linked with aria-describedby instead of being part of the name, so screen
 * readers say "Base URL, edit text" and then the hint.
 */
export function Field({
  label,
  help,
  className,
  children,
}: {
  label: ReactNode;
  help?: ReactNode;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(helpId ? { id, 'aria-describedby': helpId } : { id })}
      {help && (
        <span id={helpId} className="help">
          {help}
        </span>
      )}
    </div>
  );
}

/** A checkbox with its label to the right, and optional help under it. */
export function CheckField({
  label,
  help,
  checked,
  onChange,
  name,
}: {
  label: ReactNode;
  help?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  name?: string;
}) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  return (
    <div className="field check">
      <input
        id={id}
        type="checkbox"
        name={name}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={helpId}
      />
      <label htmlFor={id}>{label}</label>
      {help && (
        <span id={helpId} className="help">
          {help}
        </span>
      )}
    </div>
  );
}
