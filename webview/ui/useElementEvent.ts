/** Web components report through DOM events; React props do not reach them reliably, so listen on the element. */
import { type RefObject, useEffect, useRef } from 'react';

export function useElementEvent<T extends HTMLElement>(ref: RefObject<T | null>, event: string, handler: ((e: Event) => void) | undefined): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const listener = (e: Event) => latest.current?.(e);
    el.addEventListener(event, listener);
    return () => el.removeEventListener(event, listener);
  }, [ref, event]);
}
