import { useCallback, useState } from 'react';

/** State kept in localStorage under `key` (JSON), e.g. the contacts list's chosen columns. */
export function useLocalStorage<T>(key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = window.localStorage.getItem(key);
      return raw === null ? initial : (JSON.parse(raw) as T);
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (next: T) => {
      setValue(next);
      try {
        window.localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Private mode or a full quota: the choice still holds for this visit.
      }
    },
    [key],
  );
  return [value, set];
}
