import { useEffect, useState } from 'react';

/**
 * The value as it was once it stopped changing for `delayMs`: each change restarts the wait, so a burst of changes
 * (an agent typing) yields one update, `delayMs` after the last change. Unmounting cancels a pending update.
 */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
