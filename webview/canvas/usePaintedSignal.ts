import { useEffect } from 'react';

/** Tells the page (and the bench) when the blocks of a document version are on screen: after the next frame. */
export function usePaintedSignal(version: number, count: number): void {
  useEffect(() => {
    if (count === 0) return;
    performance.mark('canvas:committed');
    const frame = requestAnimationFrame(() =>
      setTimeout(() => {
        document.body.dataset.paintedVersion = String(version);
        performance.mark('canvas:painted');
        window.dispatchEvent(new CustomEvent('pattern-canvas:painted', { detail: { version, blocks: count } }));
      }, 0),
    );
    return () => cancelAnimationFrame(frame);
  }, [version, count]);
}
