import { useEffect, useRef } from 'react';

export type HotkeyMap = Record<string, ((event: KeyboardEvent) => void) | undefined>;

/** True while the user is typing somewhere: single-key shortcuts must leave such keys alone. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/**
 * Single-key shortcuts for the whole window, keyed by `KeyboardEvent.key` ('j', 'ArrowDown',
 * '1', '?'). Ignored while typing in a field, with Ctrl/Cmd/Alt held, or while a dialog is open
 * (unless `inDialog` is set, for the dialog's own keys).
 */
export function useHotkeys(map: HotkeyMap, options: { enabled?: boolean; inDialog?: boolean } = {}): void {
  const latest = useRef(map);
  useEffect(() => {
    latest.current = map;
  });
  const enabled = options.enabled ?? true;
  const inDialog = options.inDialog ?? false;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      // Enter and Space on a focused button or link belong to it.
      if ((event.key === 'Enter' || event.key === ' ') && (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)) return;
      if (!inDialog && document.querySelector('[data-modal-open="true"]')) return;
      const handler = latest.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, inDialog]);
}
