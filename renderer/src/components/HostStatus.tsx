import { useEffect, useState } from 'react';
import type { HostState } from '@core/types/records';
import { api } from '../api';

/**
 * The desktop app's core process, when it is not simply running: restarting after a crash
 * (calls that were waiting failed with the reason), back again, or given up on.
 */
export function HostStatus() {
  const [state, setState] = useState<HostState | null>(null);
  useEffect(() => api.onHostState?.(setState), []);
  if (!state) return null;
  return (
    <div className={`host-status ${state.state}`} role="status" data-testid="host-status">
      {state.state === 'failed' ? 'Core stopped: ' : state.state === 'restarting' ? 'Core restarting: ' : 'Core restarted: '}
      {state.message}
      {state.state === 'running' && (
        <button type="button" onClick={() => setState(null)}>
          Dismiss
        </button>
      )}
    </div>
  );
}
