import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { isTypingTarget } from './useHotkeys';

const TARGETS: Record<string, string> = { r: '/', s: '/explore', c: '/compare', e: '/errors', q: '/review', j: '/jobs' };

/** `g` then a letter jumps to a view (g r: runs, g s: samples, …). */
export function useGoTo(): void {
  const navigate = useNavigate();
  useEffect(() => {
    let armedAt = 0;
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (document.querySelector('[data-modal-open="true"]')) return;
      const path = TARGETS[event.key];
      if (path && Date.now() - armedAt < 1500) {
        // Captured before the views' own keys: after g, j means Jobs, not "next sample".
        event.preventDefault();
        event.stopImmediatePropagation();
        armedAt = 0;
        navigate(path);
        return;
      }
      armedAt = event.key === 'g' ? Date.now() : 0;
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [navigate]);
}
