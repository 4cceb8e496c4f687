import type { BenchmarkGroup } from './benchmark-columns';

/** Which benchmark columns the runs matrix shows; hidden ones are remembered (localStorage). */
export function BenchmarkPicker({ groups, hidden, onChange }: { groups: BenchmarkGroup[]; hidden: string[]; onChange: (hidden: string[]) => void }) {
  const all = groups.flatMap((group) => group.benchmarks.map((b) => b.name));
  const shown = all.filter((name) => !hidden.includes(name)).length;
  return (
    <details className="benchmark-picker" data-testid="benchmark-picker">
      <summary>
        Benchmarks ({shown} of {all.length} shown)
      </summary>
      <div className="picker-panel">
        <div className="picker-actions">
          <button type="button" className="link-button small" onClick={() => onChange([])}>
            show all
          </button>
        </div>
        {groups.map((group) => (
          <fieldset key={group.suite}>
            <legend>{group.label}</legend>
            {group.benchmarks.map((benchmark) => (
              <label key={benchmark.id}>
                <input
                  type="checkbox"
                  checked={!hidden.includes(benchmark.name)}
                  onChange={(event) => onChange(event.target.checked ? hidden.filter((name) => name !== benchmark.name) : [...hidden, benchmark.name])}
                  data-testid={`show-benchmark-${benchmark.name}`}
                />{' '}
                {benchmark.name}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </details>
  );
}
