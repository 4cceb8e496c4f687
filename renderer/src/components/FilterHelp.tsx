/** The filter language at a glance (the same language as the CLI's --filter). */
const KEYS: Array<[string, string]> = [
  ['benchmark:NAME', 'benchmark by name or prefix ("NAME" or =NAME: that name only)'],
  ['checkpoint:NAME', 'checkpoint by name, prefix or stage (checkpoint:stage3)'],
  ['stage:stage1', 'curriculum stage'],
  ['run:ID', 'one run'],
  ['correct:false', 'our verdict (true/false)'],
  ['official:false', 'the official verdict of an imported run'],
  ['agrees:false', 'ours and the official verdict differ'],
  ['label:perception', 'carries this label'],
  ['labelled:false', 'carries no label yet'],
  ['category:NAME', 'question category'],
  ['sample:ID', "a sample by its benchmark's id"],
  ['vs:base:right', "that checkpoint's first answer to the same sample was right (or :wrong)"],
  ['set:NAME', 'the predictions of a failure set'],
  ['format:violation', 'answer format ok / violation'],
  ['error:true', 'the request failed'],
  ['finish:length', 'finish reason'],
  ['"some phrase"', 'full-text search in questions and outputs'],
];

export function FilterHelp({ onInsert }: { onInsert: (term: string) => void }) {
  return (
    <div className="filter-help" data-testid="filter-help">
      <p className="muted small">
        <code>key:value</code> terms narrow the list (quote values with spaces; repeating a key ORs its values); other words search
        questions and outputs. Click a term to add it.
      </p>
      <dl>
        {KEYS.map(([term, meaning]) => (
          <div key={term}>
            <dt>
              <button type="button" className="link-button" onClick={() => onInsert(term)}>
                <code>{term}</code>
              </button>
            </dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
