import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * Focus for a panel opened by a button: `remember()` notes the button that opened it, `restore()` gives it back once the panel is
 * gone (or to `fallback`, the page's heading, when that element went away with a deleted row).
 */
export function useReturnFocus(fallback: RefObject<HTMLElement | null>) {
  const opener = useRef<HTMLElement | null>(null);
  const [returns, setReturns] = useState(0);
  useEffect(() => {
    if (returns === 0) return;
    const target = opener.current?.isConnected ? opener.current : fallback.current;
    target?.focus();
  }, [returns, fallback]);
  return {
    /** Notes the button that opens the panel (Safari does not focus a clicked button: it is passed, not read). */
    remember: (opener_?: HTMLElement) => {
      opener.current =
        opener_ ??
        (document.activeElement instanceof HTMLElement && document.activeElement !== document.body
          ? document.activeElement
          : null);
    },
    restore: () => setReturns((n) => n + 1),
  };
}

/** Moves focus to the first control marked invalid in `form` each time `attempt` changes (a failed submit). */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, attempt: number) {
  useEffect(() => {
    if (attempt === 0) return;
    const invalid = form.current?.querySelector<HTMLElement>(
      'input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"], fieldset[aria-invalid="true"] input',
    );
    invalid?.focus();
  }, [form, attempt]);
}
