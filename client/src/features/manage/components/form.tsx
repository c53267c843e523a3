import { useId, type ReactNode } from 'react';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

interface FieldProps {
  label: string;
  hint?: string;
  errors?: string[];
  /** The control, given its id and what describes it (the hint, then the errors). */
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control with its hint and its errors, both read with it (aria-describedby). */
export function Field({ label, hint, errors, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {hint && (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      )}
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': errorId ? true : undefined })}
      {errorId && <FieldErrors id={errorId} errors={errors ?? []} />}
    </div>
  );
}

export function FieldErrors({ id, errors }: { id: string; errors: string[] }) {
  return (
    <span id={id} className="field__error">
      {errors.join(' ')}
    </span>
  );
}

export interface Choice {
  value: string;
  label: string;
  /** Read left to right inside Hebrew (phone numbers). */
  ltr?: boolean;
}

interface CheckboxGroupProps {
  legend: string;
  hint?: string;
  empty: string;
  choices: Choice[];
  selected: string[];
  onChange: (selected: string[]) => void;
  errors?: string[];
}

/** A set of checkboxes under one legend (teams, numbers, supervisors, agents). */
export function CheckboxGroup({ legend, hint, empty, choices, selected, onChange, errors }: CheckboxGroupProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const toggle = (value: string, on: boolean) =>
    onChange(on ? [...selected, value] : selected.filter((chosen) => chosen !== value));
  return (
    <fieldset className="checkbox-group" aria-describedby={describedBy} aria-invalid={errorId ? true : undefined}>
      <legend className="field__label">{legend}</legend>
      {hint && (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      )}
      {choices.length === 0 ? (
        <p className="checkbox-group__empty">{empty}</p>
      ) : (
        <ul className="checkbox-group__list">
          {choices.map((choice) => (
            <li key={choice.value}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={selected.includes(choice.value)}
                  onChange={(event) => toggle(choice.value, event.currentTarget.checked)}
                />
                <span dir={choice.ltr ? 'ltr' : undefined} className={choice.ltr ? 'phone' : undefined}>
                  {choice.label}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {errorId && <FieldErrors id={errorId} errors={errors ?? []} />}
    </fieldset>
  );
}

/** A polite live region that is always in the page, so that what it is given later is read out. */
export function Notice({ message }: { message: string | null }) {
  return (
    <p role="status" className={message ? 'notice' : 'notice notice--empty'}>
      {message}
    </p>
  );
}
