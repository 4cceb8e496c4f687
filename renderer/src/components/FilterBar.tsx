import { useEffect, useRef, useState } from 'react';
import { useHotkeys } from '../hooks/useHotkeys';
import { FilterHelp } from './FilterHelp';
import { SavedFilters } from './SavedFilters';

/** The filter bar: the query language shared with the CLI, full-text search, saved filters. `/` focuses it. */
export function FilterBar({ query, onApply }: { query: string; onApply: (query: string) => void }) {
  const [draft, setDraft] = useState(query);
  const [help, setHelp] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setDraft(query), [query]);
  useHotkeys({ '/': () => input.current?.focus() });

  return (
    <div className="filter-area">
      <form
        className="filter-bar"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          onApply(draft.trim());
        }}
      >
        <input
          ref={input}
          aria-label="Filter"
          data-testid="filter-input"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
          placeholder='checkpoint:stage3 correct:false label:perception "vertical angle"   ( / to focus )'
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit" className="primary">
          Filter
        </button>
        {query && (
          <button type="button" onClick={() => onApply('')}>
            Clear
          </button>
        )}
        <button type="button" aria-expanded={help} onClick={() => setHelp((on) => !on)} title="The filter language">
          ?
        </button>
      </form>
      {help && <FilterHelp onInsert={(term) => setDraft((text) => `${text.trim()} ${term}`.trim())} />}
      <SavedFilters current={query} onApply={onApply} />
    </div>
  );
}
