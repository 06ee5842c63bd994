"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";

// Which queue columns are hidden, remembered in this browser (localStorage). The server renders
// the defaults; a stored choice applies right after hydration.

const KEY = "gatehouse.queue.hidden-columns";
const EVENT = "gatehouse:queue-columns";

function subscribe(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) onChange();
  };
  window.addEventListener("storage", onStorage);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onStorage);
    window.removeEventListener(EVENT, onChange);
  };
}

function read(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function useHiddenColumns(defaults: string[]): [string[], (hidden: string[]) => void] {
  const raw = useSyncExternalStore(subscribe, read, () => null);
  const hidden = useMemo(() => {
    if (raw === null) return defaults;
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === "string") : defaults;
    } catch {
      return defaults;
    }
  }, [raw, defaults]);
  const setHidden = useCallback((next: string[]) => {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // Storage full or disabled: the choice lasts until the page reloads.
    }
    window.dispatchEvent(new Event(EVENT));
  }, []);
  return [hidden, setHidden];
}
