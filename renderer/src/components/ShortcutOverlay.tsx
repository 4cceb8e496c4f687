import { useState } from 'react';
import { useHotkeys } from '../hooks/useHotkeys';

const SHORTCUTS: Array<[string, Array<[string, string]>]> = [
  ['Anywhere', [['?', 'show or hide this list'], ['g then r / s / c / e / q / j', 'go to Runs, Samples, Compare, Errors, review Queue, Jobs']]],
  ['Samples', [['/', 'focus the filter'], ['j / k', 'select the next / previous row'], ['Enter', 'open the selected sample']]],
  [
    'Trace',
    [
      ['j / k or arrows', 'next / previous sample of the list'],
      ['1 – 9', 'label with the taxonomy entry of that key'],
      ['n', 'write a note for the next label (Esc leaves the note)'],
      ['Esc', 'back to the list'],
    ],
  ],
  ['Review queue', [['1 – 9', 'label and move on to the next unlabelled failure'], ['j / k', 'skip ahead / go back']]],
  ['Image', [['wheel, drag', 'zoom and pan'], ['double-click', 'fit']]],
];

/** The keyboard shortcuts, on `?`. */
export function ShortcutOverlay() {
  const [open, setOpen] = useState(false);
  useHotkeys({ '?': () => setOpen((on) => !on) });
  useHotkeys({ Escape: open ? () => setOpen(false) : undefined, '?': open ? () => setOpen(false) : undefined }, { inDialog: true, enabled: open });
  if (!open) return null;
  return (
    <div className="overlay" data-modal-open="true" onClick={() => setOpen(false)} data-testid="shortcut-overlay">
      <div className="overlay-card" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={(event) => event.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        {SHORTCUTS.map(([where, keys]) => (
          <section key={where}>
            <h3>{where}</h3>
            <dl className="shortcut-list">
              {keys.map(([key, meaning]) => (
                <div key={key}>
                  <dt>
                    <kbd>{key}</kbd>
                  </dt>
                  <dd>{meaning}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </div>
  );
}
